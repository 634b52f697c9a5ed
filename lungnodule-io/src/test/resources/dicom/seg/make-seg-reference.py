#!/usr/bin/python3
"""Builds the SEG/RTSTRUCT reference files with pydicom (Debian python3-pydicom 2.3.1) and numpy,
independently of lungnodule. Run once from this folder; the output is committed:

  ct/IM1..IM6          a 13x11x6 CT series (0.8 x 0.7 mm pixels, 2.5 mm slices, origin off zero)
  seg-binary.dcm       BINARY SEG, 2 segments, frames referencing the CT by SOP Instance UID
                       (13x11 = 143 pixels per frame, so the 1-bit frames share bytes)
  seg-fractional.dcm   FRACTIONAL SEG (max 200), 1 segment, frames placed by Image Position only
  rtstruct-off-plane.dcm  RTSTRUCT whose ROI 3 contour is tilted across two slices (bad input)
  rtstruct.dcm         RTSTRUCT, ROI 1 'ring' (a square with a square hole on 2 slices),
                       ROI 2 'triangle' (on 3 slices)
  expected.json        voxel counts and centroids (mm) per segment / ROI, from numpy
Masks of the RTSTRUCT are rasterised here by pixel centre (numpy, even-odd); plastimatch's
rasterisation of the same file is recorded as a cross-check (see make-seg-reference.sh).
"""
import json, os
import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian

NX, NY, NZ = 13, 11, 6
PS = (0.7, 0.8)  # row spacing (y), column spacing (x)
DZ = 2.5
ORIGIN = np.array([-20.0, 15.5, -102.25])
STUDY = "1.2.826.0.1.3680043.8.498.1001"
SERIES = "1.2.826.0.1.3680043.8.498.1002"
FOR = "1.2.826.0.1.3680043.8.498.1003"
CT_CLASS = "1.2.840.10008.5.1.4.1.1.2"
SEG_CLASS = "1.2.840.10008.5.1.4.1.1.66.4"
RT_CLASS = "1.2.840.10008.5.1.4.1.1.481.3"


def sop(k):
    return "1.2.826.0.1.3680043.8.498.2%03d" % (k + 1)


def world(i, j, k):
    return ORIGIN + np.array([i * PS[1], j * PS[0], k * DZ])


def base(cls, uid, syntax=ExplicitVRLittleEndian):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = cls
    meta.MediaStorageSOPInstanceUID = uid
    meta.TransferSyntaxUID = syntax
    ds = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = cls
    ds.SOPInstanceUID = uid
    ds.PatientName = "Ref^Seg"
    ds.PatientID = "SEGREF"
    ds.StudyInstanceUID = STUDY
    ds.FrameOfReferenceUID = FOR
    ds.StudyDate = "20200102"
    ds.StudyTime = "101112"
    return ds


def save(ds, path, implicit=False):
    ds.is_little_endian = True
    ds.is_implicit_VR = implicit
    ds.save_as(path, write_like_original=False)


os.makedirs("ct", exist_ok=True)
rng = np.random.default_rng(25)
for k in range(NZ):
    ds = base(CT_CLASS, sop(k))
    ds.Modality = "CT"
    ds.SeriesInstanceUID = SERIES
    ds.InstanceNumber = k + 1
    ds.ImagePositionPatient = [float(v) for v in world(0, 0, k)]
    ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    ds.PixelSpacing = list(PS)
    ds.SliceThickness = DZ
    ds.Rows, ds.Columns = NY, NX
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
    ds.RescaleSlope, ds.RescaleIntercept = 1, 0
    ds.PixelData = rng.integers(-1000, 400, (NY, NX)).astype("<i2").tobytes()
    save(ds, "ct/IM%d" % (k + 1))

kk, jj, ii = np.meshgrid(np.arange(NZ), np.arange(NY), np.arange(NX), indexing="ij")
seg1 = ((ii - 6) ** 2 * 0.64 + (jj - 5) ** 2 * 0.49 + (kk - 2.5) ** 2 * 6.25 <= 9.0)  # ellipsoid
seg2 = (ii >= 1) & (ii <= 3) & (jj >= 7) & (jj <= 9) & (kk >= 3) & (kk <= 5)  # box
frac = np.clip(np.round(200 * (1 - np.sqrt((ii - 8) ** 2 + (jj - 4) ** 2) / 4.0)), 0, 200).astype(np.uint8)
frac[(kk < 1) | (kk > 3)] = 0
frac_mask = frac >= 100


def fg_common(ds):
    sh = Dataset()
    pm = Dataset(); pm.PixelSpacing = list(PS); pm.SliceThickness = DZ
    po = Dataset(); po.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
    sh.PixelMeasuresSequence = Sequence([pm]); sh.PlaneOrientationSequence = Sequence([po])
    ds.SharedFunctionalGroupsSequence = Sequence([sh])


def seg_header(uid, series_uid, segments, kind):
    ds = base(SEG_CLASS, uid)
    ds.Modality = "SEG"
    ds.SeriesInstanceUID = series_uid
    ds.SegmentationType = kind
    ds.Rows, ds.Columns = NY, NX
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.PixelRepresentation = 0
    r = Dataset(); r.SeriesInstanceUID = SERIES
    r.ReferencedInstanceSequence = Sequence()
    for k in range(NZ):
        it = Dataset(); it.ReferencedSOPClassUID = CT_CLASS; it.ReferencedSOPInstanceUID = sop(k)
        r.ReferencedInstanceSequence.append(it)
    ds.ReferencedSeriesSequence = Sequence([r])
    items = []
    for n, label in segments:
        s = Dataset(); s.SegmentNumber = n; s.SegmentLabel = label
        s.SegmentAlgorithmType = "MANUAL"; s.SegmentDescription = "reference " + label
        items.append(s)
    ds.SegmentSequence = Sequence(items)
    fg_common(ds)
    return ds


# Binary SEG: frames in a scrambled order (segment 2 first, slices descending), by SOP UID only.
frames = []
for n, m in ((2, seg2), (1, seg1)):
    for k in reversed(range(NZ)):
        if m[k].any():
            frames.append((n, k, m[k]))
ds = seg_header("1.2.826.0.1.3680043.8.498.3001", "1.2.826.0.1.3680043.8.498.3000",
                [(1, "ellipsoid"), (2, "box")], "BINARY")
ds.BitsAllocated, ds.BitsStored, ds.HighBit = 1, 1, 0
pf = []
for n, k, _ in frames:
    f = Dataset()
    src = Dataset(); src.ReferencedSOPClassUID = CT_CLASS; src.ReferencedSOPInstanceUID = sop(k)
    der = Dataset(); der.SourceImageSequence = Sequence([src])
    f.DerivationImageSequence = Sequence([der])
    si = Dataset(); si.ReferencedSegmentNumber = n
    f.SegmentIdentificationSequence = Sequence([si])
    pf.append(f)
ds.PerFrameFunctionalGroupsSequence = Sequence(pf)
ds.NumberOfFrames = len(frames)
bits = np.concatenate([m.astype(np.uint8).ravel() for _, _, m in frames])
packed = np.packbits(bits, bitorder="little").tobytes()
ds.PixelData = packed + (b"\0" if len(packed) % 2 else b"")
ds["PixelData"].VR = "OB"
save(ds, "seg-binary.dcm")

# Fractional SEG in Implicit VR: frames placed by Image Position (Patient) only.
ds = seg_header("1.2.826.0.1.3680043.8.498.4001", "1.2.826.0.1.3680043.8.498.4000",
                [(7, "soft spot")], "FRACTIONAL")
ds.BitsAllocated, ds.BitsStored, ds.HighBit = 8, 8, 7
ds.SegmentationFractionalType = "PROBABILITY"
ds.MaximumFractionalValue = 200
pf = []
data = b""
for k in range(1, 4):
    f = Dataset()
    pp = Dataset(); pp.ImagePositionPatient = [float(v) for v in world(0, 0, k)]
    f.PlanePositionSequence = Sequence([pp])
    si = Dataset(); si.ReferencedSegmentNumber = 7
    f.SegmentIdentificationSequence = Sequence([si])
    pf.append(f)
    data += frac[k].tobytes()
ds.PerFrameFunctionalGroupsSequence = Sequence(pf)
ds.NumberOfFrames = 3
ds.PixelData = data + (b"\0" if len(data) % 2 else b"")
ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
save(ds, "seg-fractional.dcm", implicit=True)

# RTSTRUCT: contours in voxel coordinates (vertices off pixel centres), mapped to mm.
def contour(pts, k):
    c = Dataset()
    c.ContourGeometricType = "CLOSED_PLANAR"
    c.NumberOfContourPoints = len(pts)
    xyz = []
    for (i, j) in pts:
        xyz += [float(v) for v in world(i, j, k)]
    c.ContourData = ["%.4f" % v for v in xyz]
    return c

outer = [(1.3, 1.4), (10.6, 1.4), (10.6, 8.7), (1.3, 8.7)]
hole = [(4.2, 3.6), (7.7, 3.6), (7.7, 6.3), (4.2, 6.3)]
tri = [(0.6, 9.6), (12.4, 9.6), (6.3, 0.2)]
rois = {1: ("ring", [(outer, 1), (hole, 1), (outer, 2), (hole, 2)]),
        2: ("triangle", [(tri, 3), (tri, 4), (tri, 5)])}

def raster(polys):
    m = np.zeros((NZ, NY, NX), bool)
    for pts, k in polys:
        p = np.array(pts)
        inside = np.zeros((NY, NX), bool)
        for a in range(len(p)):
            (x1, y1), (x2, y2) = p[a], p[a - 1]
            cross = (y1 > jj[0]) != (y2 > jj[0])
            with np.errstate(divide="ignore", invalid="ignore"):
                xc = x1 + (jj[0] - y1) * (x2 - x1) / (y2 - y1)
            inside ^= cross & (ii[0] < xc)
        m[k] ^= inside
    return m

ds = base(RT_CLASS, "1.2.826.0.1.3680043.8.498.5001")
ds.Modality = "RTSTRUCT"
ds.SeriesInstanceUID = "1.2.826.0.1.3680043.8.498.5000"
ds.StructureSetLabel = "REFERENCE"
rf = Dataset(); rf.FrameOfReferenceUID = FOR
ds.ReferencedFrameOfReferenceSequence = Sequence([rf])
ssr, rcs = [], []
for n, (name, polys) in rois.items():
    r = Dataset(); r.ROINumber = n; r.ReferencedFrameOfReferenceUID = FOR; r.ROIName = name
    r.ROIGenerationAlgorithm = "MANUAL"
    ssr.append(r)
    rc = Dataset(); rc.ReferencedROINumber = n
    rc.ContourSequence = Sequence([contour(p, k) for p, k in polys])
    rcs.append(rc)
ds.StructureSetROISequence = Sequence(ssr)
ds.ROIContourSequence = Sequence(rcs)
save(ds, "rtstruct.dcm")

# A bad RTSTRUCT: ROI 3's only contour is tilted, running from slice 1 to slice 2.2.
bad = Dataset()
bad.ContourGeometricType = "CLOSED_PLANAR"
bad.NumberOfContourPoints = 3
xyz = list(world(1.3, 1.4, 1)) + list(world(9.6, 1.4, 1)) + list(world(5.2, 8.3, 2.2))
bad.ContourData = ["%.4f" % v for v in xyz]
r = Dataset(); r.ROINumber = 3; r.ReferencedFrameOfReferenceUID = FOR; r.ROIName = "tilted"
ds.StructureSetROISequence = Sequence([r])
rc = Dataset(); rc.ReferencedROINumber = 3; rc.ContourSequence = Sequence([bad])
ds.ROIContourSequence = Sequence([rc])
ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = "1.2.826.0.1.3680043.8.498.5002"
save(ds, "rtstruct-off-plane.dcm")


def stats(m):
    idx = np.argwhere(m)  # k, j, i
    c = world(idx[:, 2].mean(), idx[:, 1].mean(), idx[:, 0].mean()) if len(idx) else [0, 0, 0]
    return {"voxels": int(m.sum()), "centroidMm": [round(float(v), 4) for v in c],
            "perSlice": [int(m[k].sum()) for k in range(NZ)]}

expected = {
    "seg-binary.dcm": {"frames": len(frames), "segments": {"1": stats(seg1), "2": stats(seg2)}},
    "seg-fractional.dcm": {"segments": {"7": stats(frac_mask)}},
    "rtstruct.dcm": {"rois": {str(n): stats(raster(p)) for n, (name, p) in rois.items()}},
}
with open("expected.json", "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True)
print(json.dumps(expected, sort_keys=True))
