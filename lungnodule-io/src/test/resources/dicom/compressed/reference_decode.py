#!/usr/bin/python3
"""Decodes every file of a folder with dcmtk (dcmdjpeg, dcmdjpls) and GDCM (gdcmconv --raw), checks
that the two agree, and prints reference.json: per file, the header fields the reader needs and the
SHA-256 of the decoded stored values (masked to BitsStored, sign-extended when PixelRepresentation is
1) as int32 little endian. For lossy files the decoded values are also written as lossy/<file>.i32.gz
(gzip of int32 little endian) so that tests can check them within +-1.
Usage: reference_decode.py <folder with .dcm files>   (prints JSON on stdout)
"""
import gzip
import hashlib
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import pydicom

JPEG = {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
        "1.2.840.10008.1.2.4.70"}
JPEGLS = {"1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"}
LOSSY_TS = {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.81",
            "1.2.840.10008.1.2.4.91"}


def stored(path):
    ds = pydicom.dcmread(path)
    ba, bs, pr = ds.BitsAllocated, ds.BitsStored, ds.PixelRepresentation
    raw = np.frombuffer(ds.PixelData, dtype=np.uint8 if ba == 8 else "<u2")
    raw = raw[: ds.Rows * ds.Columns].astype(np.int64) & ((1 << bs) - 1)
    if pr == 1:
        raw = np.where(raw >= (1 << (bs - 1)), raw - (1 << bs), raw)
    return raw.astype("<i4")


def decode(tool, path, tmp):
    out = os.path.join(tmp, os.path.basename(path) + "." + tool[0])
    subprocess.run(tool + [path, out], check=True, capture_output=True)
    return stored(out)


def fragments(ds):
    from pydicom.encaps import generate_pixel_data_fragment, get_frame_offsets
    from pydicom.filebase import DicomBytesIO
    fp = DicomBytesIO(ds.PixelData)
    fp.is_little_endian = True
    has_offsets, offsets = get_frame_offsets(fp)
    n = sum(1 for _ in generate_pixel_data_fragment(fp))
    return n, len(offsets) if has_offsets else 0


def main(folder):
    out = {}
    os.makedirs(os.path.join(folder, "..", "lossy"), exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            ds = pydicom.dcmread(path)
            ts = str(ds.file_meta.TransferSyntaxUID)
            try:
                gdcm = decode(["gdcmconv", "--raw"], path, tmp)
            except subprocess.CalledProcessError as e:
                gdcm = None
                gdcm_error = "gdcmconv --raw (GDCM 3.0.21) failed with exit status %d" % e.returncode
            if ts in JPEG or ts in JPEGLS:
                tool = ["dcmdjpeg"] if ts in JPEG else ["dcmdjpls"]
                ref = decode(tool, path, tmp)
                by = tool[0] + " (dcmtk 3.6.7)"
                if gdcm is None:
                    other, diff = gdcm_error, None
                else:
                    other = "gdcmconv --raw (GDCM 3.0.21)"
                    diff = int(np.abs(ref.astype(np.int64) - gdcm).max())
            else:
                ref, by, other, diff = gdcm, "gdcmconv --raw (GDCM 3.0.21, OpenJPEG)", None, None
            nfrag, nbot = fragments(ds)
            entry = {
                "transferSyntax": ts,
                "rows": int(ds.Rows), "columns": int(ds.Columns),
                "bitsAllocated": int(ds.BitsAllocated), "bitsStored": int(ds.BitsStored),
                "pixelRepresentation": int(ds.PixelRepresentation),
                "lossyImageCompression": str(ds.get("LossyImageCompression", "")),
                "fragments": nfrag, "offsetTableEntries": nbot,
                "decodedBy": by, "crossCheckedWith": other, "crossCheckMaxAbsDiff": diff,
                "sha256": hashlib.sha256(ref.tobytes()).hexdigest(),
                "min": int(ref.min()), "max": int(ref.max()), "sum": int(ref.astype(np.int64).sum()),
            }
            if ts in LOSSY_TS or entry["lossyImageCompression"] == "01":
                rel = "lossy/" + name + ".i32.gz"
                with gzip.GzipFile(os.path.join(folder, "..", rel), "wb", mtime=0) as f:
                    f.write(ref.tobytes())
                entry["values"] = rel
            out[name] = entry
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    print()


main(sys.argv[1])
