#!/usr/bin/env bash
# Regenerates files/ and bad/: Enhanced CT files made from the real single-frame series beside this
# folder by pydicom (make_enhanced.py), then re-encoded by dcmtk and GDCM. Run once from anywhere:
#   bash make-enhanced.sh
# Needs Debian's python3-pydicom 2.3.1, python3-numpy, dcmtk 3.6.7, libgdcm-tools, dicom3tools.
# The output is committed; the tests never call these tools.
set -euo pipefail
cd "$(dirname "$0")"
rm -rf files bad
mkdir -p files bad
/usr/bin/python3 make_enhanced.py
# JPEG Lossless (process 14, first-order prediction), Basic Offset Table filled by dcmtk
dcmcjpeg +e1 files/enhanced-ct5n.dcm files/enhanced-ct5n-jpegll-dcmtk.dcm
# JPEG Lossless by GDCM
gdcmconv --jpeg files/enhanced-ct5n.dcm files/enhanced-ct5n-jpegll-gdcm.dcm
# RLE Lossless by dcmtk
dcmcrle files/enhanced-ct5n.dcm files/enhanced-ct5n-rle.dcm
# Implicit VR Little Endian with explicit (defined) lengths of sequences and items
dcmconv +ti +e files/enhanced-ct5n.dcm files/enhanced-ct5n-implicit.dcm
# Encapsulated pixel data whose Basic Offset Table lists 5 frames, NumberOfFrames 4 (4 items)
cp files/enhanced-ct5n-jpegll-dcmtk.dcm bad/jpeg-frames-4-offsets-5.dcm
dcmodify -nb -m "(0028,0008)=4" -e "(5200,9230)[4]" bad/jpeg-frames-4-offsets-5.dcm
# the IOD check by dicom3tools, for the record (warnings about modules not filled are expected)
for f in files/enhanced-ct5n.dcm; do dciodvfy "$f" 2>&1 | grep -i error | head -20 || true; done
