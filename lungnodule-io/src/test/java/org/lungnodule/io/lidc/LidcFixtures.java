package org.lungnodule.io.lidc;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.lungnodule.core.Dims;
import org.lungnodule.core.Direction;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;

/** The committed LIDC XML files and the scan grid they refer to. */
final class LidcFixtures {
  private LidcFixtures() {}

  static final VolumeGeometry GRID =
      new VolumeGeometry(
          new Dims(64, 64, 10),
          new Spacing(1, 1, 2),
          new WorldPoint(-32, -32, -100),
          Direction.IDENTITY);

  static Path file(String name) {
    try {
      return Path.of(LidcFixtures.class.getResource("/org/lungnodule/io/lidc/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static LidcReadMessage parse(String name) throws IOException {
    return LidcXml.parse(file(name));
  }
}
