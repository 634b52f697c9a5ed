#!/usr/bin/env bash
# Regenerates media/: a DICOMDIR made by dcmtk 3.6.7's dcmmkdir (profile STD-GEN-CD) over copies of
# the real single-frame series beside this folder (pydicom test data, MIT) and one Enhanced CT file
# (../enhanced/files/enhanced-ct5n.dcm). Run once: bash make-dicomdir.sh (the output is committed;
# the tests never call dcmtk).
set -euo pipefail
cd "$(dirname "$0")"
rm -rf media
mkdir -p media/IMAGES/CT5N media/IMAGES/CT2 media/IMAGES/ENH
cp ../ct5n-series/* media/IMAGES/CT5N/
cp ../ct2-irregular-series/* media/IMAGES/CT2/
cp ../enhanced/files/enhanced-ct5n.dcm media/IMAGES/ENH/ENH1
cd media
dcmmkdir +r +I IMAGES
dcmdump DICOMDIR | grep -E "DirectoryRecordType|ReferencedFileID|SeriesInstanceUID" > ../records.txt
