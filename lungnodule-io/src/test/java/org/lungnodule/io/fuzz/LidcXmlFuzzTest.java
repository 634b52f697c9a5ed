package org.lungnodule.io.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.VoxelBox;
import org.lungnodule.core.VoxelIndex;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.lidc.LidcClusterer;
import org.lungnodule.io.lidc.LidcNodule;
import org.lungnodule.io.lidc.LidcReadMessage;
import org.lungnodule.io.lidc.LidcXml;

/**
 * Coverage-guided fuzzing of the LIDC XML reader and of the clustering of what it reads. In the
 * default suite this replays the committed inputs under {@code LidcXmlFuzzTestInputs/parse/}:
 * {@code seed-four_readers}, {@code seed-two_readers_near_pair}, {@code seed-xxe} and {@code
 * seed-billion_laughs} are copies of the LIDC XML fixtures of {@code org/lungnodule/io/lidc/}
 * (synthetic, see the README there); {@code seed-minimal} is a hand-written two-reader file of 1 KB
 * (an inclusion and an exclusion contour, a single-point mark, a non-nodule) that mutates faster;
 * other files are inputs the fuzzer found, named for what they hold. {@code JAZZER_FUZZ=1} fuzzes.
 *
 * <p>Accepted outcomes besides success: a {@link IOException} from the parser (the documented
 * {@code LidcXmlException}), and from the clusterer only its two documented refusals of marks that
 * do not fit the scan (an roi that matches no slice, an edge point outside the slice). Anything
 * else is a bug.
 */
class LidcXmlFuzzTest {

  /** The scan of the fixtures: 64 x 64 x 10 voxels of 1 x 1 x 2 mm, slice k at z = -100 + 2k. */
  private static final VolumeGeometry GRID =
      new VolumeGeometry(
          new Dims(64, 64, 10),
          new Spacing(1, 1, 2),
          new WorldPoint(-32, -32, -100),
          Direction.IDENTITY);

  private static final LidcClusterer CLUSTERER = LidcClusterer.builder().build();

  @FuzzTest(maxDuration = "60s")
  void parse(byte[] data) {
    LidcReadMessage message;
    try {
      message = LidcXml.parse(new ByteArrayInputStream(data), "fuzz.xml");
    } catch (IOException expected) {
      return; // the documented failure
    }
    try {
      for (LidcNodule n : CLUSTERER.cluster(message, GRID)) {
        n.consensusMask().ifPresent(m -> assertCropOfGrid(n.id(), m));
      }
    } catch (IllegalArgumentException e) {
      String m = String.valueOf(e.getMessage());
      if (!m.contains("matches no slice of the scan")
          && !m.contains("lies outside the 64x64 slice")) {
        throw e;
      }
    }
  }

  /** A consensus mask is a crop of the scan grid: the same spacing and axes, starting inside it. */
  private static void assertCropOfGrid(String id, Mask m) {
    assertEquals(GRID.spacing(), m.geometry().spacing(), "mask spacing of " + id);
    assertEquals(GRID.direction(), m.geometry().direction(), "mask axes of " + id);
    VoxelIndex o = GRID.worldToVoxel(m.geometry().origin()).round();
    assertTrue(
        VoxelBox.of(GRID.dims()).contains(o.i(), o.j(), o.k()),
        "mask of " + id + " starts outside the grid at " + o);
  }
}
