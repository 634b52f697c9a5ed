#!/usr/bin/env bash
# Regenerates the compressed fixtures of this folder and reference.json, their independent decodings.
# Needs Debian's dcmtk (3.6.7), libgdcm-tools (GDCM 3.0.21), python3-pydicom (2.3.1), python3-numpy.
# Run once from anywhere: bash make-compressed.sh   (the output is committed; tests never call these tools)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fixtures="$here/.."
pyd=/usr/lib/python3/dist-packages/pydicom/data/test_files
cd "$here"
rm -rf files lossy tmp && mkdir -p files tmp/src
/usr/bin/python3 make_sources.py "$fixtures" tmp/src
dcmdrle "$fixtures/rle-ct/ct1-rle.dcm" tmp/src/ct1.dcm
/usr/bin/python3 make_sources.py "$fixtures" tmp/src
S=tmp/src
# JPEG Lossless, first-order prediction (.70), every bit depth, by dcmtk (IJG-derived) and GDCM
for s in s16 u16 u12 s12 u8 u2; do dcmcjpeg +e1 $S/$s.dcm files/jpeg-ll-sv1-$s-dcmtk.dcm; done
dcmcjpeg +e1 $S/ct1.dcm files/jpeg-ll-sv1-ct1-dcmtk.dcm
gdcmconv --jpeg $S/s16.dcm files/jpeg-ll-sv1-s16-gdcm.dcm
gdcmconv --jpeg $S/u12.dcm files/jpeg-ll-sv1-u12-gdcm.dcm
# JPEG Lossless (.57), every predictor, and a point transform
for sv in 1 2 3 4 5 6 7; do dcmcjpeg +el +sv $sv $S/s16.dcm files/jpeg-ll-p$sv-s16-dcmtk.dcm; done
dcmcjpeg +el +sv 7 $S/u16.dcm files/jpeg-ll-p7-u16-dcmtk.dcm
dcmcjpeg +el +sv 1 +pt 2 $S/u12.dcm files/jpeg-ll-p1-pt2-u12-dcmtk.dcm
# fragments: 2 KB fragments with a Basic Offset Table, and with an empty one
dcmcjpeg +e1 +fs 2 $S/s16.dcm files/jpeg-ll-sv1-s16-frag-bot-dcmtk.dcm
dcmcjpeg +e1 +fs 2 -ot $S/s16.dcm files/jpeg-ll-sv1-s16-frag-nobot-dcmtk.dcm
# JPEG baseline (.50, 8-bit) and extended (.51, 12-bit), lossy
dcmcjpeg +eb +q 90 $S/u8.dcm files/jpeg-baseline-u8-q90-dcmtk.dcm
dcmcjpeg +eb +q 50 -ho $S/u8.dcm files/jpeg-baseline-u8-q50-stdhuff-dcmtk.dcm
gdcmconv --jpeg --lossy -q 80 $S/u8.dcm files/jpeg-baseline-u8-q80-gdcm.dcm
dcmcjpeg +ee +q 90 $S/u12.dcm files/jpeg-extended-u12-q90-dcmtk.dcm
dcmcjpeg +ee +q 75 +fs 2 -ot $S/u12.dcm files/jpeg-extended-u12-q75-frag-dcmtk.dcm
# (GDCM 3.0.21 writes 12-bit lossy JPEG with a 16-bit DCT precision that ISO 10918-1 does not allow and dcmdjpeg refuses; not used)
# the 512x512 slice, lossy, for the benchmark and a full-size check
dcmcjpeg +eb +q 90 $S/ct1u8.dcm files/jpeg-baseline-ct1u8-q90-dcmtk.dcm
dcmcjpeg +ee +q 90 $S/ct1u12.dcm files/jpeg-extended-ct1u12-q90-dcmtk.dcm
# JPEG-LS lossless (.80) and near-lossless (.81), by dcmtk (CharLS-derived) and GDCM (CharLS)
for s in s16 u16 u12 s12 u8; do dcmcjpls +el $S/$s.dcm files/jpegls-ll-$s-dcmtk.dcm; done
dcmcjpls +el $S/ct1.dcm files/jpegls-ll-ct1-dcmtk.dcm
dcmcjpls +el +fs 2 -ot $S/s16.dcm files/jpegls-ll-s16-frag-nobot-dcmtk.dcm
gdcmconv --jpegls $S/s16.dcm files/jpegls-ll-s16-gdcm.dcm
dcmcjpls +en +md 2 $S/u16.dcm files/jpegls-near2-u16-dcmtk.dcm
dcmcjpls +en +md 3 $S/u12.dcm files/jpegls-near3-u12-dcmtk.dcm
dcmcjpls +en +md 1 $S/u8.dcm files/jpegls-near1-u8-dcmtk.dcm
dcmcjpls +en +md 2 $S/ct1u12.dcm files/jpegls-near2-ct1u12-dcmtk.dcm
gdcmconv --jpegls --lossy -e 4 $S/s16.dcm files/jpegls-near4-s16-gdcm.dcm
# JPEG 2000 lossless (.90) and lossy (.91), by GDCM (OpenJPEG)
for s in s16 u12 u8; do gdcmconv --j2k $S/$s.dcm files/j2k-ll-$s-gdcm.dcm; done
gdcmconv --j2k $S/ct1.dcm files/j2k-ll-ct1-gdcm.dcm
gdcmconv -S 2048 files/j2k-ll-s16-gdcm.dcm files/j2k-ll-s16-frag-gdcm.dcm
gdcmconv --j2k --lossy -q 40 $S/s16.dcm files/j2k-lossy-s16-q40-gdcm.dcm
gdcmconv --j2k --lossy --irreversible -r 10 $S/u12.dcm files/j2k-lossy-u12-r10-gdcm.dcm
gdcmconv --j2k --lossy --irreversible -r 10 $S/ct1u12.dcm files/j2k-lossy-ct1u12-r10-gdcm.dcm
# files others wrote: pydicom's test files (Debian python3-pydicom 2.3.1), copied unchanged
for f in JPGExtended.dcm JPEG2000.dcm MR_small_jp2klossless.dcm MR_small_jpeg_ls_lossless.dcm \
         693_J2KI.dcm J2K_pixelrep_mismatch.dcm; do cp "$pyd/$f" files/pydicom-$f; done
/usr/bin/python3 reference_decode.py files > reference.json
rm -rf tmp
# a syntax still refused: the JPEG Lossless CT_small with its UID changed to JPEG 2000 Part 2 (.92)
/usr/bin/python3 -c "d = open('../refused/CT_small-jpeg-lossless.dcm', 'rb').read(); \
open('../refused/CT_small-jpeg2000-part2.dcm', 'wb').write(d.replace(b'1.2.840.10008.1.2.4.70', b'1.2.840.10008.1.2.4.92'))"
