#!/usr/bin/python3
"""Writes uncompressed sources of several bit depths from the real CT fixtures, for make-compressed.sh.

Every source keeps the CT header of its parent and only changes the pixel module:
  s16   CT_small.dcm as it is (signed 16-bit, BitsStored 16)
  u16   unsigned 16-bit: (HU + 1024) * 16
  u12   unsigned 12-bit in 16 allocated: clip(HU + 1024, 0, 4095)
  s12   signed 12-bit in 16 allocated: clip(stored, -2048, 2047)
  u8    unsigned 8-bit: clip((HU + 1024) / 16, 0, 255)
  u2    unsigned 2-bit in 8 allocated: (HU + 1024) / 1024 clipped to 0..3
  ct1   the 512x512 NEMA CT1 slice (RLE fixture decoded by dcmtk, by make-compressed.sh) as it is
  ct1u12, ct1u8   that slice as u12 and u8 above (made when <out dir>/ct1.dcm exists)
Usage: make_sources.py <fixtures dir> <out dir>
"""
import sys
import numpy as np
import pydicom

src, out = sys.argv[1], sys.argv[2]
ct = pydicom.dcmread(src + "/ct-small/CT_small.dcm")
stored = ct.pixel_array.astype(np.int64)
hu = stored * float(ct.RescaleSlope) + float(ct.RescaleIntercept)


def write(name, values, bits_alloc, bits_stored, signed, slope, intercept,
          parent=src + "/ct-small/CT_small.dcm"):
    ds = pydicom.dcmread(parent)
    ds.BitsAllocated = bits_alloc
    ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = 1 if signed else 0
    ds.RescaleSlope = slope
    ds.RescaleIntercept = intercept
    dtype = {(8, False): np.uint8, (16, False): np.uint16, (16, True): np.int16}[(bits_alloc, signed)]
    ds.PixelData = values.astype(dtype).tobytes()
    # GDCM's lossy J2K refuses to derive an image that is already derived
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    for tag in (0x00082111, 0x00082112):  # DerivationDescription, SourceImageSequence
        if tag in ds:
            del ds[tag]
    for tag in (0x00280106, 0x00280107, 0x00280120):  # smallest/largest value, padding: VR depends on sign
        if tag in ds:
            del ds[tag]
    ds.save_as(out + "/" + name + ".dcm", write_like_original=False)


write("s16", stored, 16, 16, True, ct.RescaleSlope, ct.RescaleIntercept)
write("u16", np.clip((hu + 1024) * 16, 0, 65535), 16, 16, False, "0.0625", "-1024")
write("u12", np.clip(hu + 1024, 0, 4095), 16, 12, False, "1", "-1024")
write("s12", np.clip(stored, -2048, 2047), 16, 12, True, ct.RescaleSlope, ct.RescaleIntercept)
write("u8", np.clip((hu + 1024) // 16, 0, 255), 8, 8, False, "16", "-1024")
write("u2", np.clip((hu + 1024) // 1024, 0, 3), 8, 2, False, "1024", "-1024")

import os
if os.path.exists(out + "/ct1.dcm"):
    big = pydicom.dcmread(out + "/ct1.dcm")
    big_hu = big.pixel_array.astype(np.int64) * float(big.RescaleSlope) + float(big.RescaleIntercept)
    write("ct1u12", np.clip(big_hu + 1024, 0, 4095), 16, 12, False, "1", "-1024", out + "/ct1.dcm")
    write("ct1u8", np.clip((big_hu + 1024) // 16, 0, 255), 8, 8, False, "16", "-1024", out + "/ct1.dcm")
