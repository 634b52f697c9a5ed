#!/usr/bin/python3
"""Times pydicom (Debian python3-pydicom 2.3.1) reading the 512x512 slices of CompressedDicomBenchmark
into a float32 HU array, with GDCM (python3-gdcm 3.0.21: IJG, CharLS, OpenJPEG) as the pixel-data
handler for the JPEG family, pydicom's own for RLE (numpy) and native data. Warm page cache; median of RUNS after one
warm-up. Run from the repository root: /usr/bin/python3 benchmarks/compressed_pydicom.py
"""
import os
import statistics
import time

import numpy as np
import pydicom
from pydicom.pixel_data_handlers import gdcm_handler, numpy_handler, rle_handler

ROOT = os.environ.get("LUNGNODULE_BENCH_DICOM", "lungnodule-io/src/test/resources/dicom")
FILES = {
    "explicit": "variants/explicit/rle-ct/ct1-rle.dcm",
    "rle": "rle-ct/ct1-rle.dcm",
    "jpeg-lossless": "compressed/files/jpeg-ll-sv1-ct1-dcmtk.dcm",
    "jpeg-baseline8": "compressed/files/jpeg-baseline-ct1u8-q90-dcmtk.dcm",
    "jpeg-extended12": "compressed/files/jpeg-extended-ct1u12-q90-dcmtk.dcm",
    "jpegls-lossless": "compressed/files/jpegls-ll-ct1-dcmtk.dcm",
    "jpegls-near2": "compressed/files/jpegls-near2-ct1u12-dcmtk.dcm",
    "j2k-lossless": "compressed/files/j2k-ll-ct1-gdcm.dcm",
    "j2k-lossy": "compressed/files/j2k-lossy-ct1u12-r10-gdcm.dcm",
}
RUNS = int(os.environ.get("RUNS", 20))
pydicom.config.pixel_data_handlers = [numpy_handler, rle_handler, gdcm_handler]


def read(path):
    ds = pydicom.dcmread(path)
    return ds.pixel_array.astype(np.float32) * np.float32(ds.RescaleSlope) + np.float32(ds.RescaleIntercept)


for name, rel in FILES.items():
    path = os.path.join(ROOT, rel)
    read(path)
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        read(path)
        times.append(time.perf_counter() - t0)
    ds = pydicom.dcmread(path, stop_before_pixels=True)
    mb = ds.Rows * ds.Columns * ds.BitsAllocated // 8 / 1e6
    med = statistics.median(times)
    print(f"{name:16s} {med * 1e3:8.2f} ms  {mb / med:8.1f} MB/s  (min {min(times) * 1e3:.2f} ms)")
