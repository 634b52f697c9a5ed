#!/bin/sh
# Checks seg-written.dcm (written by our DicomSeg.write: DicomSegWriterTest.main) once with tools
# we did not write: dciodvfy (Debian dicom3tools) and pydicom 2.3.1 + numpy. Run from this folder;
# the output, check-summary.txt, is committed.
set -e
{
  echo "== dciodvfy seg-written.dcm"
  dciodvfy seg-written.dcm 2>&1 || true
  echo "== pydicom read-back against ../expected.json (seg-binary.dcm's segments 1 and 2)"
  /usr/bin/python3 - <<'PY'
import json, numpy as np, pydicom
ct = {}
for k in range(1, 7):
    d = pydicom.dcmread("../ct/IM%d" % k)
    ct[d.SOPInstanceUID] = (k - 1, [float(v) for v in d.ImagePositionPatient], [float(v) for v in d.PixelSpacing])
ds = pydicom.dcmread("seg-written.dcm")
rows, cols, n = ds.Rows, ds.Columns, int(ds.NumberOfFrames)
bits = np.unpackbits(np.frombuffer(ds.PixelData, np.uint8), bitorder="little")[: n * rows * cols]
frames = bits.reshape(n, rows, cols)
exp = json.load(open("../expected.json"))["seg-binary.dcm"]["segments"]
ok = True
for seg in ds.SegmentSequence:
    num = int(seg.SegmentNumber)
    vox, pts = 0, []
    per = [0] * 6
    for f, item in enumerate(ds.PerFrameFunctionalGroupsSequence):
        if int(item.SegmentIdentificationSequence[0].ReferencedSegmentNumber) != num:
            continue
        uid = item.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
        k, ipp, ps = ct[uid]
        pos = [float(v) for v in item.PlanePositionSequence[0].ImagePositionPatient]
        assert np.allclose(pos, ipp, atol=1e-3), (pos, ipp)
        jj, ii = np.nonzero(frames[f])
        per[k] += len(ii)
        for i, j in zip(ii, jj):
            pts.append((ipp[0] + i * ps[1], ipp[1] + j * ps[0], ipp[2]))
    c = np.mean(pts, axis=0)
    e = exp[str(num)]
    match = len(pts) == e["voxels"] and per == e["perSlice"] and np.allclose(c, e["centroidMm"], atol=1e-3)
    ok = ok and match
    print("segment %d '%s' (%s, %s, '%s'): %d voxels, per slice %s, centroid %s mm: %s" % (
        num, seg.SegmentLabel, seg.SegmentAlgorithmType, seg.SegmentAlgorithmName,
        seg.SegmentDescription, len(pts), per, [round(float(v), 4) for v in c],
        "matches" if match else "DIFFERS"))
print("referenced series", ds.ReferencedSeriesSequence[0].SeriesInstanceUID,
      "with", len(ds.ReferencedSeriesSequence[0].ReferencedInstanceSequence), "instances")
print("pydicom read-back:", "OK" if ok else "MISMATCH")
PY
} > check-summary.txt
cat check-summary.txt
