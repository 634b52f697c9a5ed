package org.lungnodule.core.preprocess;

import java.util.Objects;
import java.util.Optional;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Mask;
import org.lungnodule.core.VoxelBox;

/**
 * A training crop: the box it was cut from (in the source volume's voxel indices, half-open, may
 * reach outside the volume where it was padded), the cropped image, the mask cropped identically if
 * one was given, and whether a nodule centre lies inside the box. The cropped image and mask carry
 * their own geometry (origin at the box's first voxel), so world coordinates stay valid.
 *
 * @param box the box in the source volume's voxel indices
 * @param image the cropped image, dims equal to the box size
 * @param mask the mask cropped with the same box (padded with 0), if a mask was given
 * @param containsNodule whether one of the given nodule centres lies inside the box
 */
public record Crop(VoxelBox box, CtVolume image, Optional<Mask> mask, boolean containsNodule) {

  /** Validates that nothing is null and the image (and mask) match the box size. */
  public Crop {
    Objects.requireNonNull(box, "box");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(mask, "mask");
    if (image.dims().nx() != box.sizeI()
        || image.dims().ny() != box.sizeJ()
        || image.dims().nz() != box.sizeK()) {
      throw new IllegalArgumentException(
          "crop image dims must match the box size "
              + box.sizeI()
              + "x"
              + box.sizeJ()
              + "x"
              + box.sizeK()
              + ", got "
              + image.dims());
    }
    if (mask.isPresent() && !mask.get().dims().equals(image.dims())) {
      throw new IllegalArgumentException(
          "crop mask dims must be " + image.dims() + ", got " + mask.get().dims());
    }
  }
}
