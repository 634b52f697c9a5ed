#!/usr/bin/env bash
# Reads the files our writer wrote (explicit/, rle/; regenerate them with
# WriterReferenceTest.main) with dcmtk 3.6.7 and pydicom 2.3.1 (Debian), once, and writes
# writer-reference.json. Run from this folder: bash make-writer-reference.sh
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for f in explicit/*.dcm rle/*.dcm; do
  out="$work/$(echo "$f" | tr / _)"
  # dcmdump must parse the file without any warning or error
  if dcmdump -q "$f" >/dev/null 2>"$out.err" && [ ! -s "$out.err" ]; then echo true > "$out.clean"; else echo false > "$out.clean"; fi
  # dcmtk's pixels: decompress RLE with dcmdrle, then let dcmdump write the raw pixel value
  dcmdrle "$f" "$out.raw.dcm" 2>/dev/null || cp "$f" "$out.raw.dcm"
  mkdir -p "$out.px"; dcmdump -q +W "$out.px" "$out.raw.dcm" >/dev/null
  sha256sum "$out.px"/*.raw | cut -d' ' -f1 > "$out.dcmtk"
done
WORK="$work" /usr/bin/python3 - <<'PY'
import glob, hashlib, json, os
import numpy as np, pydicom
work = os.environ["WORK"]; ref = {}
for f in sorted(glob.glob("explicit/*.dcm") + glob.glob("rle/*.dcm")):
    key = f.replace("/", "_"); ds = pydicom.dcmread(f); px = ds.pixel_array
    ref[f] = {
        "transferSyntaxUID": str(ds.file_meta.TransferSyntaxUID),
        "seriesInstanceUID": str(ds.SeriesInstanceUID),
        "seriesDescription": str(ds.SeriesDescription),
        "rows": int(ds.Rows), "columns": int(ds.Columns),
        "pixelSpacing": [float(x) for x in ds.PixelSpacing],
        "imagePositionPatient": [float(x) for x in ds.ImagePositionPatient],
        "imageOrientationPatient": [float(x) for x in ds.ImageOrientationPatient],
        "rescaleSlope": float(ds.RescaleSlope), "rescaleIntercept": float(ds.RescaleIntercept),
        "huSum": float((px.astype(np.float64) * float(ds.RescaleSlope) + float(ds.RescaleIntercept)).sum()),
        "pydicomPixelSha256": hashlib.sha256(px.astype("<i2").tobytes()).hexdigest(),
        "dcmtkPixelSha256": open(os.path.join(work, key + ".dcmtk")).read().strip(),
        "dcmdumpClean": open(os.path.join(work, key + ".clean")).read().strip() == "true",
    }
json.dump(ref, open("writer-reference.json", "w"), indent=1)
print(len(ref), "files")
PY
