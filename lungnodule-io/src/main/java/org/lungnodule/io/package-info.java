/**
 * Reading and writing CT volumes and their annotations. {@link org.lungnodule.io.VolumeFiles} is
 * the entry point that picks a format by file name; the sub-packages hold one format each:
 * MetaImage ({@code .mhd}/{@code .mha}, LUNA16), NIfTI-1 ({@code .nii}/{@code .nii.gz}), LIDC-IDRI
 * XML annotations and the site manifest.
 */
package org.lungnodule.io;
