#!/usr/bin/env python3
"""Makes a longer scan for the whole-scan benchmark from a MetaImage scan (MET_SHORT, uncompressed).

The phantom's FULL scans are 512 x 512 x 240 slices at 1.25 mm (300 mm). A 512 x 512 x 300 scan at
1.25 mm (375 mm, the size the detection target names) is made by resampling the same anatomy to
300 slices (linear interpolation along z, rounded to integers) and keeping the 1.25 mm spacing:
the body is stretched by a quarter along z, so the lung field, and with it the detector's windows,
grows by a quarter. Needs numpy.

    python3 benchmarks/stretch_slices.py F33/scans/PUBLIC-0001-S1.mhd 300 F375.mhd
"""
import os
import sys

import numpy as np


def main(src, slices, dst):
    header = {}
    lines = open(src).read().splitlines()
    for line in lines:
        key, _, value = line.partition("=")
        header[key.strip()] = value.strip()
    if header.get("ElementType") != "MET_SHORT" or header.get("CompressedData", "False") != "False":
        sys.exit(f"{src}: only uncompressed MET_SHORT images are supported")
    nx, ny, nz = (int(v) for v in header["DimSize"].split())
    raw = os.path.join(os.path.dirname(src), header["ElementDataFile"])
    v = np.fromfile(raw, dtype="<i2").reshape(nz, ny, nx)
    z = np.linspace(0, nz - 1, slices)
    lo = np.floor(z).astype(int)
    hi = np.minimum(lo + 1, nz - 1)
    w = (z - lo)[:, None, None]
    out = np.rint(v[lo] * (1 - w) + v[hi] * w).astype("<i2")
    data = os.path.splitext(os.path.basename(dst))[0] + ".raw"
    out.tofile(os.path.join(os.path.dirname(dst) or ".", data))
    with open(dst, "w") as f:
        for line in lines:
            key = line.partition("=")[0].strip()
            if key == "DimSize":
                line = f"DimSize = {nx} {ny} {slices}"
            elif key == "ElementDataFile":
                line = f"ElementDataFile = {data}"
            f.write(line + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
