/**
 * The CT volume model and preprocessing: volumes, masks, geometry (voxel and world coordinates),
 * nodules, and the operations that prepare scans for the models (resampling, intensity windows,
 * lung-field extraction, training crops, nodule cubes, augmentation).
 *
 * <h2>Conventions</h2>
 *
 * <ul>
 *   <li><b>Axis order.</b> Voxels are stored x fastest, then y, then z: the linear index of voxel
 *       {@code (i, j, k)} is {@code i + nx * (j + ny * k)}. {@code i} runs along the image columns,
 *       {@code j} along the rows and {@code k} across slices, as in DICOM, ITK and MetaImage.
 *   <li><b>World coordinates</b> are millimetres in the patient frame (DICOM's LPS). The world
 *       position of the <em>centre</em> of voxel {@code (i, j, k)} is {@code origin + D ·
 *       diag(spacing) · (i, j, k)ᵀ}, where the columns of the direction matrix {@code D} are the
 *       world directions of the three voxel axes. {@link org.lungnodule.core.VolumeGeometry} is the
 *       one place that converts.
 *   <li><b>Intensities</b> of a {@link org.lungnodule.core.CtVolume} are Hounsfield units as float.
 * </ul>
 */
package org.lungnodule.core;
