/**
 * NIfTI-1 single files ({@code .nii}, {@code .nii.gz}). NIfTI world coordinates are RAS; this
 * library's are LPS (DICOM): x and y change sign on the way in and out. See {@link
 * org.lungnodule.io.nifti.Nifti}.
 */
package org.lungnodule.io.nifti;
