#!/bin/sh
# One-off check that nibabel reads the NIfTI files OUR writer makes with the expected affine
# (sform and qform, RAS) and values. Needs a built CLI (mvn -B -q -o package -DskipTests) and
# /usr/bin/python3 with nibabel. Run from the repository root:
#   sh lungnodule-io/src/test/resources/org/lungnodule/io/reference/check_our_nifti_with_nibabel.sh
# Result (nibabel 5.0.0): sform/qform max |diff| <= 3e-8 mm, values identical
# (int16 file re-written as float32: max |diff| 2.7e-5, float32 rounding of nibabel's scaling).
set -e
R=lungnodule-io/src/test/resources/org/lungnodule/io/reference
T=$(mktemp -d)
bin/lungnodule convert $R/hand_short.mhd $T/hand_short.nii.gz
bin/lungnodule convert $R/hand_ushort_be.mha $T/hand_ushort_be.nii.gz
bin/lungnodule convert $R/nib_int16_scaled_sform.nii.gz $T/roundtrip.nii
/usr/bin/python3 - $T $R <<'PY'
import sys, json, numpy as np, nibabel as nib
T, R = sys.argv[1], sys.argv[2]
exp = json.load(open(R + "/expected.json"))
for name, f in [("short_le_external", "hand_short.nii.gz"), ("ushort_be_local", "hand_ushort_be.nii.gz")]:
    e = exp["metaimage"][name]
    img = nib.load(T + "/" + f)
    D = np.array(e["directionRowMajor"]).reshape(3, 3)
    lps = np.eye(4); lps[:3, :3] = D @ np.diag(e["spacing"]); lps[:3, 3] = e["origin"]
    ras = np.diag([-1, -1, 1, 1]) @ lps
    vals = np.asarray(img.get_fdata()).flatten(order="F")
    print(name, "sform", np.abs(img.get_sform() - ras).max(), "qform", np.abs(img.get_qform() - ras).max(),
          "values", np.abs(vals - np.array(e["values"])).max())
e = exp["nifti"]["int16_scaled_sform"]
img = nib.load(T + "/roundtrip.nii")
print("int16_scaled_sform rewritten: affine", np.abs(img.affine[:3, :].flatten() - np.array(e["affineRas"])).max(),
      "values", np.abs(np.asarray(img.get_fdata()).flatten(order="F") - np.array(e["values"])).max())
PY
rm -rf "$T"
