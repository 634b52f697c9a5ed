/**
 * Preprocessing of CT volumes for the models: resampling ({@link
 * org.lungnodule.core.preprocess.Resampler}), intensity windows ({@link
 * org.lungnodule.core.preprocess.Intensity}), lung-field extraction ({@link
 * org.lungnodule.core.preprocess.LungField}), random training crops ({@link
 * org.lungnodule.core.preprocess.RandomCropSampler}), nodule cubes for the classifier ({@link
 * org.lungnodule.core.preprocess.NoduleCubes}) and seeded flips and rotations ({@link
 * org.lungnodule.core.preprocess.RandomFlipRotate}).
 *
 * <p>Every operation is an immutable, thread-safe object made by a validating fluent builder. The
 * voxel loops are split over slices with {@link org.lungnodule.core.Parallel}. Operations read
 * their input through its read-only views and allocate at most one output plus small per-thread
 * buffers (a few slices), so that a 512×512×400 scan fits in memory with at most one extra working
 * copy.
 *
 * <p>Stochastic operations ({@code Random…}) take a seed in their builder and an explicit sample
 * index in each call: the same seed and index always give the same result, from any thread.
 */
package org.lungnodule.core.preprocess;
