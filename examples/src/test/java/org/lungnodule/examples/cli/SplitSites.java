package org.lungnodule.examples.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import org.lungnodule.io.manifest.ManifestSplit;
import org.lungnodule.io.manifest.SiteManifest;

/** Test sites with a split column: rewrites a site's manifest with every row on a side. */
final class SplitSites {

  private SplitSites() {}

  /**
   * Adds the {@code split} column to the manifest of a site folder: the rows of {@code
   * testPatients} become {@code test}, every other row {@code train}.
   *
   * @return the manifest written
   */
  static SiteManifest markTest(Path site, Collection<String> testPatients) throws IOException {
    Path csv = site.resolve(SiteManifest.FILE_NAME);
    SiteManifest m =
        new SiteManifest(
            SiteManifest.read(csv).entries().stream()
                .map(
                    e ->
                        e.withSplit(
                            testPatients.contains(e.patientId())
                                ? ManifestSplit.TEST
                                : ManifestSplit.TRAIN))
                .toList());
    m.write(csv);
    return m;
  }
}
