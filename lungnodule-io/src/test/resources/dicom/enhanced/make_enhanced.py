#!/usr/bin/env python3
"""Builds Enhanced CT Image Storage files from the single-frame CT series beside this folder.

Run with Debian's python3-pydicom 2.3.1 and python3-numpy (see make-enhanced.sh). Each output is
an independent re-encoding of a real series (ct5n-series, ct2-irregular-series from pydicom's test
data) as one multi-frame file: Plane Orientation and Pixel Measures shared, Plane Position and
Pixel Value Transformation per frame. The frames are written in reverse order of position, and
frame k stores (value - 10*k) with RescaleIntercept (intercept + 10*k), so that a reader only gets
the single-frame series' HU back when it sorts by position and honours the per-frame rescale.
"""
import sys
from pathlib import Path

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

ENHANCED_CT = "1.2.840.10008.5.1.4.1.1.2.1"
LEGACY_CT = "1.2.840.10008.5.1.4.1.1.2.2"


def item(**kw):
    ds = Dataset()
    for k, v in kw.items():
        setattr(ds, k, v)
    return ds


def build(series_dir, out, sop_class=ENHANCED_CT, frames_declared=None, shared_rescale=False,
          reverse=True):
    slices = [pydicom.dcmread(p) for p in sorted(Path(series_dir).iterdir())]
    slices.sort(key=lambda s: float(s.ImagePositionPatient[2]))
    if reverse:
        slices = slices[::-1]
    first = slices[0]
    seed = [str(series_dir), out, sop_class]
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = generate_uid(entropy_srcs=seed + ["sop"])
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL", "NONE"]
    ds.Modality = "CT"
    ds.SeriesDescription = "enhanced " + str(first.get("SeriesDescription", ""))
    ds.PatientID = first.PatientID
    for key in ("PatientName", "StudyDate", "StudyTime", "StudyID", "AccessionNumber"):
        setattr(ds, key, first.get(key, ""))
    ds.SeriesNumber = 1000 + int(first.get("SeriesNumber", 0))
    ds.StudyInstanceUID = first.StudyInstanceUID
    ds.SeriesInstanceUID = generate_uid(entropy_srcs=seed + ["series"])
    ds.FrameOfReferenceUID = first.get("FrameOfReferenceUID", generate_uid(entropy_srcs=seed))
    ds.InstanceNumber = 1
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.NumberOfFrames = frames_declared or len(slices)
    ds.Rows = first.Rows
    ds.Columns = first.Columns
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 1
    shared = item(
        PlaneOrientationSequence=Sequence(
            [item(ImageOrientationPatient=first.ImageOrientationPatient)]),
        PixelMeasuresSequence=Sequence(
            [item(PixelSpacing=first.PixelSpacing, SliceThickness=first.SliceThickness)]))
    if shared_rescale:
        shared.PixelValueTransformationSequence = Sequence([item(
            RescaleIntercept=first.RescaleIntercept, RescaleSlope=first.RescaleSlope,
            RescaleType="HU")])
    ds.SharedFunctionalGroupsSequence = Sequence([shared])
    per_frame = []
    frames = []
    for k, s in enumerate(slices):
        shift = 0 if shared_rescale else 10 * k
        stored = s.pixel_array.astype(np.int32)
        assert float(s.RescaleSlope) == 1.0
        frames.append((stored - shift).astype(np.int16))
        fg = item(
            FrameContentSequence=Sequence([item(InStackPositionNumber=len(slices) - k)]),
            PlanePositionSequence=Sequence([item(ImagePositionPatient=s.ImagePositionPatient)]))
        if not shared_rescale:
            fg.PixelValueTransformationSequence = Sequence([item(
                RescaleIntercept=float(s.RescaleIntercept) + shift, RescaleSlope=s.RescaleSlope,
                RescaleType="HU")])
        per_frame.append(fg)
    for extra in range(len(slices), ds.NumberOfFrames):
        # items for declared frames that have no pixel data, further along the normal
        last = [float(x) for x in slices[-1].ImagePositionPatient]
        last[2] -= 2.5 * (extra - len(slices) + 1)
        per_frame.append(item(
            PlanePositionSequence=Sequence([item(ImagePositionPatient=last)])))
    ds.PerFrameFunctionalGroupsSequence = Sequence(per_frame)
    ds.PixelData = np.stack(frames).astype("<i2").tobytes()
    ds.save_as(out, write_like_original=False)


if __name__ == "__main__":
    here = Path(__file__).parent
    ct5n = here.parent / "ct5n-series"
    build(ct5n, "files/enhanced-ct5n.dcm")
    build(ct5n, "files/legacy-ct5n.dcm", sop_class=LEGACY_CT, shared_rescale=True, reverse=False)
    build(here.parent / "ct2-irregular-series", "files/enhanced-ct2-irregular.dcm")
    # NumberOfFrames 6 and 6 per-frame items, but 5 frames of pixel data
    build(ct5n, "bad/frames-6-pixels-5.dcm", frames_declared=6)
