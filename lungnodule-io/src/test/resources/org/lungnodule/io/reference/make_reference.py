#!/usr/bin/python3
"""Generates the MetaImage and NIfTI reference files used by the lungnodule-io tests. Run ONCE:

    cd lungnodule-io/src/test/resources/org/lungnodule/io/reference && /usr/bin/python3 make_reference.py

NIfTI files are written by nibabel 5.0.0 (Debian python3-nibabel), an independent implementation,
and the expected values in expected.json are what nibabel reads back (get_fdata, affine): the test
checks that our reader agrees with nibabel. There is no independent MetaImage library on this
machine (python3-simpleitk is not packaged for Debian bookworm), so the MetaImage files are
hand-crafted here byte by byte (header text typed out, data packed with struct, compressed with
zlib) following the MetaIO/ITK conventions, and expected.json holds the geometry computed here
(direction column i = TransformMatrix numbers 3i..3i+2, as ITK's MetaImageIO reads them).

Voxel values in expected.json are listed x fastest (index i + nx*(j + ny*k)); affines and
directions are row-major; NIfTI affines are RAS as nibabel reports them.
"""
import json
import struct
import zlib

import nibabel as nib
import numpy as np

out = {"nifti": {}, "metaimage": {}}


def values(shape, scale=1.0, offset=0.0):
    nx, ny, nz = shape
    a = np.zeros(shape)
    for k in range(nz):
        for j in range(ny):
            for i in range(nx):
                a[i, j, k] = ((i * 7 + j * 13 + k * 29) % 50) * scale + offset
    return a


def flat(a):
    return [float(v) for v in np.asarray(a).flatten(order="F")]


def rot(ax, deg):
    t = np.deg2rad(deg)
    c, s = np.cos(t), np.sin(t)
    if ax == "z":
        return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])
    return np.array([[1, 0, 0], [0, c, -s], [0, s, c]])


def record_nifti(name, path):
    img = nib.load(path)
    h = img.header
    out["nifti"][name] = {
        "file": path,
        "dims": [int(d) for d in img.shape[:3]],
        "affineRas": [float(v) for v in img.affine[:3, :].flatten()],
        "values": flat(img.get_fdata()),
        "sform_code": int(h["sform_code"]),
        "qform_code": int(h["qform_code"]),
        "datatype": int(h["datatype"]),
        # nibabel moves the file's scl_slope/scl_inter onto the array proxy when loading
        "scl_slope": float(img.dataobj.slope),
        "scl_inter": float(img.dataobj.inter),
        "endianness": h.endianness,
    }


# 1. int16 with scaling chosen by nibabel, sform (and qform) with a rotation, .nii.gz
shape = (5, 4, 3)
data = values(shape, 2.5, -1024.0)  # non-integral after scaling -> nibabel picks slope/inter
R = rot("z", 30) @ np.diag([0.7, 0.8, 2.5])
aff = np.eye(4)
aff[:3, :3] = R
aff[:3, 3] = [12.5, -30.25, 100.0]
img = nib.Nifti1Image(data, aff)
img.set_data_dtype(np.int16)
img.header.set_xyzt_units("mm")
img.to_filename("nib_int16_scaled_sform.nii.gz")
record_nifti("int16_scaled_sform", "nib_int16_scaled_sform.nii.gz")

# 2. big-endian float32, qform only with qfac = -1 (a flipped slice axis), sform_code 0
hdr = nib.Nifti1Header(endianness=">")
data2 = values((4, 3, 3), 1.0, -500.0).astype(np.float32)
R2 = rot("x", 20) @ np.diag([0.9, 0.9, -3.0])  # det < 0 -> qfac -1
aff2 = np.eye(4)
aff2[:3, :3] = R2
aff2[:3, 3] = [-5.0, 7.5, -200.0]
img2 = nib.Nifti1Image(data2, None, header=hdr)
img2.set_qform(aff2, code=1)
img2.set_sform(None, code=0)
img2.to_filename("nib_float32_qform_be.nii")
record_nifti("float32_qform_be", "nib_float32_qform_be.nii")

# 3. uint8 without qform or sform (pixdim only)
data3 = values((3, 3, 2), 1.0, 0.0).astype(np.uint8)
img3 = nib.Nifti1Image(data3, None)
img3.header.set_zooms((1.5, 1.25, 4.0))
img3.set_qform(None, code=0)
img3.set_sform(None, code=0)
img3.to_filename("nib_uint8_pixdim.nii")
record_nifti("uint8_pixdim", "nib_uint8_pixdim.nii")

# 4. one small file per remaining datatype, identity-ish sform
for dt, scale, off in [(np.int8, 1, -20), (np.uint16, 10, 0), (np.int32, 100, -2000), (np.float64, 0.125, -1.0)]:
    d = values((3, 2, 2), scale, off).astype(dt)
    a = np.diag([0.5, 0.6, 1.2, 1.0])
    a[:3, 3] = [1, 2, 3]
    im = nib.Nifti1Image(d, a)
    im.set_data_dtype(dt)
    name = "nib_" + np.dtype(dt).name + ".nii"
    im.to_filename(name)
    record_nifti(np.dtype(dt).name, name)

# ---------------------------------------------------------------- MetaImage, hand-crafted
def mhd_header(dims, spacing, offset, tm, etype, msb=False, compressed=None, datafile="LOCAL",
               header_size=None):
    lines = ["ObjectType = Image", "NDims = 3", "BinaryData = True",
             "BinaryDataByteOrderMSB = " + ("True" if msb else "False")]
    if compressed is not None:
        lines.append("CompressedData = True")
        lines.append("CompressedDataSize = %d" % compressed)
    else:
        lines.append("CompressedData = False")
    lines.append("TransformMatrix = " + " ".join(repr(float(v)) for v in tm))
    lines.append("Offset = " + " ".join(repr(float(v)) for v in offset))
    lines.append("CenterOfRotation = 0 0 0")
    lines.append("AnatomicalOrientation = RAI")
    lines.append("ElementSpacing = " + " ".join(repr(float(v)) for v in spacing))
    lines.append("DimSize = %d %d %d" % tuple(dims))
    if header_size is not None:
        lines.append("HeaderSize = %d" % header_size)
    lines.append("ElementType = " + etype)
    lines.append("ElementDataFile = " + datafile)
    return ("\n".join(lines) + "\n").encode("ascii")


FMT = {"MET_CHAR": "b", "MET_UCHAR": "B", "MET_SHORT": "h", "MET_USHORT": "H", "MET_INT": "i",
       "MET_UINT": "I", "MET_FLOAT": "f", "MET_DOUBLE": "d"}


def pack(vals, etype, msb):
    return struct.pack(("<" if not msb else ">") + FMT[etype] * len(vals), *vals)


def record_mha(name, files, dims, spacing, offset, tm, vals):
    direction = np.array(tm).reshape(3, 3).T  # column i = numbers 3i..3i+2
    idx = np.array([1, 2, 1])
    world = np.array(offset) + direction @ (np.array(spacing) * idx)
    out["metaimage"][name] = {
        "file": files, "dims": list(dims), "spacing": list(spacing), "origin": list(offset),
        "directionRowMajor": [float(v) for v in direction.flatten()],
        "world_1_2_1": [float(v) for v in world], "values": [float(v) for v in vals]}


dims = (4, 3, 2)
n = 24
base = [((i * 7 + j * 13 + k * 29) % 50) for k in range(2) for j in range(3) for i in range(4)]
tm_perm = [0, 1, 0, -1, 0, 0, 0, 0, 1]  # x axis -> +y world, y axis -> -x world
c, s = np.cos(np.deg2rad(25)), np.sin(np.deg2rad(25))
tm_obl = [c, s, 0, -s, c, 0, 0, 0, 1]

# MET_SHORT little-endian, external .raw
v = [b * 40 - 1000 for b in base]
open("hand_short.mhd", "wb").write(mhd_header(dims, (0.7, 0.8, 2.5), (-100.5, 20.25, -300.0), tm_perm, "MET_SHORT", datafile="hand_short.raw"))
open("hand_short.raw", "wb").write(pack(v, "MET_SHORT", False))
record_mha("short_le_external", "hand_short.mhd", dims, (0.7, 0.8, 2.5), (-100.5, 20.25, -300.0), tm_perm, v)

# MET_USHORT big-endian, LOCAL .mha
v = [b * 100 for b in base]
open("hand_ushort_be.mha", "wb").write(mhd_header(dims, (1.0, 1.0, 1.25), (0.0, 0.0, 0.0), tm_obl, "MET_USHORT", msb=True) + pack(v, "MET_USHORT", True))
record_mha("ushort_be_local", "hand_ushort_be.mha", dims, (1.0, 1.0, 1.25), (0.0, 0.0, 0.0), tm_obl, v)

# MET_FLOAT zlib-compressed LOCAL .mha
v = [b * 0.5 - 12.25 for b in base]
z = zlib.compress(pack(v, "MET_FLOAT", False))
open("hand_float_zlib.mha", "wb").write(mhd_header(dims, (0.5, 0.5, 0.5), (1.0, -2.0, 3.5), [1, 0, 0, 0, 1, 0, 0, 0, 1], "MET_FLOAT", compressed=len(z)) + z)
record_mha("float_zlib_local", "hand_float_zlib.mha", dims, (0.5, 0.5, 0.5), (1.0, -2.0, 3.5), [1, 0, 0, 0, 1, 0, 0, 0, 1], v)

# the remaining element types, external data with a 16-byte HeaderSize to skip
for et, f in [("MET_CHAR", lambda b: b - 25), ("MET_UCHAR", lambda b: b * 5), ("MET_INT", lambda b: b * 1000 - 20000),
              ("MET_UINT", lambda b: b * 70000), ("MET_DOUBLE", lambda b: b / 8.0 - 3.0)]:
    v = [f(b) for b in base]
    stem = "hand_" + et.lower()
    open(stem + ".mhd", "wb").write(mhd_header(dims, (0.6, 0.6, 1.0), (5.0, 6.0, 7.0), [1, 0, 0, 0, 1, 0, 0, 0, 1], et, datafile=stem + ".raw", header_size=16))
    open(stem + ".raw", "wb").write(b"\xAB" * 16 + pack(v, et, False))
    record_mha(et.lower(), stem + ".mhd", dims, (0.6, 0.6, 1.0), (5.0, 6.0, 7.0), [1, 0, 0, 0, 1, 0, 0, 0, 1], v)

with open("expected.json", "w") as fh:
    json.dump(out, fh, indent=1)
print("wrote", len(out["nifti"]), "NIfTI and", len(out["metaimage"]), "MetaImage references")
for k, e in out["nifti"].items():
    print(k, e["datatype"], e["sform_code"], e["qform_code"], e["scl_slope"], e["scl_inter"], e["endianness"])
