package org.lungnodule.models.maskrcnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.models.ModelArchive;

/**
 * A segmenter archive written before the configuration format had a version (the {@code PUBLIC}
 * segmenter formerly bundled in lungnodule-phantom-segmenter, now a test fixture) loads whole, with
 * the configuration it always had, and saved again it carries version 2.
 */
class Version1SegmenterArchiveTest {

  @Test
  void load_version1Archive_sameConfigurationAsBefore(@TempDir Path dir) throws Exception {
    Path bundled = MaskRcnnConfigCodecTest.BUNDLED;
    assertTrue(
        Files.isRegularFile(bundled),
        "the version-1 segmenter archive at " + bundled.toAbsolutePath());
    NoduleSegmenter seg = NoduleSegmenter.load(bundled);
    Map<String, Object> config = new LinkedHashMap<>(seg.model().config().toMap());
    assertEquals(2, config.remove("configVersion"));
    assertEquals(MaskRcnnConfigCodecTest.BUNDLED_BEFORE, config.toString());

    Path again = dir.resolve("again.zip");
    seg.save(again);
    NoduleSegmenter back = NoduleSegmenter.load(again);
    assertEquals(seg.model().config(), back.model().config());
    assertEquals(
        "2",
        ModelArchive.read(again, NoduleSegmenter.MODEL_KIND)
            .preprocessing()
            .get("config.configVersion"));
  }
}
