#!/usr/bin/env bash
# Regenerates variants/ : the fixtures of this folder re-encoded by dcmtk (Debian dcmtk 3.6.7) in
# each transfer syntax the reader supports, plus one JPEG Lossless file it must refuse.
# Run once from this folder: bash make-variants.sh   (the output is committed; tests never call dcmtk)
set -euo pipefail
cd "$(dirname "$0")"
rm -rf variants
for ts in implicit explicit bigendian deflated rle; do mkdir -p variants/$ts; done
conv() { # conv <syntax> <in> <out>
  mkdir -p "$(dirname "$3")"
  case "$1" in
    implicit)  dcmconv +ti "$2" "$3" ;;
    explicit)  dcmconv +te "$2" "$3" ;;
    bigendian) dcmconv +tb "$2" "$3" ;;
    deflated)  dcmconv +td "$2" "$3" ;;
    rle)       dcmcrle "$2" "$3" ;;
  esac
}
for ts in implicit explicit bigendian deflated rle; do
  conv $ts ct-small/CT_small.dcm variants/$ts/ct-small/CT_small.dcm
  for f in ct5n-series/*; do conv $ts "$f" "variants/$ts/$f"; done
done
for ts in implicit deflated rle; do
  for f in ct2-irregular-series/*; do conv $ts "$f" "variants/$ts/$f"; done
done
# the 512x512 RLE slice: decoded by dcmtk to Explicit VR LE, then deflated and re-encoded as RLE
dcmdrle rle-ct/ct1-rle.dcm variants/explicit/rle-ct/ct1-rle.dcm 2>/dev/null || { mkdir -p variants/explicit/rle-ct; dcmdrle rle-ct/ct1-rle.dcm variants/explicit/rle-ct/ct1-rle.dcm; }
mkdir -p variants/deflated/rle-ct variants/rle/rle-ct
dcmconv +td variants/explicit/rle-ct/ct1-rle.dcm variants/deflated/rle-ct/ct1-rle.dcm
dcmcrle variants/explicit/rle-ct/ct1-rle.dcm variants/rle/rle-ct/ct1-rle.dcm
# refused: JPEG Lossless, first-order prediction (1.2.840.10008.1.2.4.70)
mkdir -p refused
dcmcjpeg +e1 ct-small/CT_small.dcm refused/CT_small-jpeg-lossless.dcm
# no preamble: the data set of CT_small without the 128-byte preamble, "DICM" and meta group
dcmconv +te -F ct-small/CT_small.dcm refused/tmp.dcm && mkdir -p variants/nopreamble/ct-small \
  && mv refused/tmp.dcm variants/nopreamble/ct-small/CT_small.dcm
