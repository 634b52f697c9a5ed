#!/usr/bin/env bash
# Regenerates the seed inputs of CodecFuzzTest: small (16x16) frames compressed by dcmtk 3.6.7 from
# the first slice of ../ct5n-series (pydicom test file, MIT), written as bare JPEG / JPEG-LS streams.
# Run once: bash make-fuzz-seeds.sh   (the output is committed; tests never call dcmtk)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
inputs="$here/../../org/lungnodule/io/fuzz/CodecFuzzTestInputs"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$inputs/jpeg" "$inputs/jpegLs"
/usr/bin/python3 - "$here/../ct5n-series/2062" "$tmp" <<'PY'
import sys
import numpy as np
import pydicom
src, out = sys.argv[1], sys.argv[2]
for name, bits, fn in (("u8", 8, lambda v: np.clip((v + 1024) // 16, 0, 255)),
                       ("u12", 12, lambda v: np.clip(v + 1024, 0, 4095))):
    ds = pydicom.dcmread(src)
    hu = ds.pixel_array.astype(np.int64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    ds.BitsAllocated = 8 if bits == 8 else 16
    ds.BitsStored = bits
    ds.HighBit = bits - 1
    ds.PixelRepresentation = 0
    ds.PixelData = fn(hu).astype(np.uint8 if bits == 8 else np.uint16).tobytes()
    for tag in (0x00280106, 0x00280107, 0x00280120):
        if tag in ds:
            del ds[tag]
    ds.save_as(out + "/" + name + ".dcm", write_like_original=False)
PY
cp "$here/../ct5n-series/2062" "$tmp/s16.dcm"
frame() { # frame <dicom> <out>: the first frame of an encapsulated file, as a bare stream
  /usr/bin/python3 -c "import sys, pydicom; from pydicom.encaps import generate_pixel_data_frame as g; \
open(sys.argv[2], 'wb').write(next(g(pydicom.dcmread(sys.argv[1]).PixelData)))" "$1" "$2"
}
c() { # c <kind> <name> <tool and options...>: compress $tmp/<src>.dcm and keep the frame
  local kind=$1 name=$2 src=$3; shift 3
  "$@" "$tmp/$src.dcm" "$tmp/$name.dcm"
  frame "$tmp/$name.dcm" "$inputs/$kind/seed-$name"
}
c jpeg lossless-sv1-s16 s16 dcmcjpeg +e1
c jpeg lossless-p7-s16 s16 dcmcjpeg +el +sv 7
c jpeg lossless-p4-pt1-u12 u12 dcmcjpeg +el +sv 4 +pt 1
c jpeg baseline-u8 u8 dcmcjpeg +eb +q 75
c jpeg extended-u12 u12 dcmcjpeg +ee +q 75
c jpegLs lossless-s16 s16 dcmcjpls +el
c jpegLs lossless-u8 u8 dcmcjpls +el
c jpegLs near2-u12 u12 dcmcjpls +en +md 2
# JPEG 2000 seeds for lungnodule-io-jpeg2000's Jpeg2000FuzzTest, by GDCM 3.0.21 (OpenJPEG)
j2k="$here/../../../../../../lungnodule-io-jpeg2000/src/test/resources/org/lungnodule/io/jpeg2000/Jpeg2000FuzzTestInputs/decode"
mkdir -p "$j2k"
gdcmconv --j2k "$tmp/s16.dcm" "$tmp/j2k-ll.dcm"
gdcmconv --j2k --lossy --irreversible -r 10 "$tmp/s16.dcm" "$tmp/j2k-lossy.dcm"
frame "$tmp/j2k-ll.dcm" "$j2k/seed-ll-s16"
frame "$tmp/j2k-lossy.dcm" "$j2k/seed-lossy-s16"
