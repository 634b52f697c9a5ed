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
 * The bundled {@code PUBLIC} segmenter (lungnodule-phantom-segmenter, written before the
 * configuration format had a version) loads whole, with the configuration it always had, and saved
 * again it carries version 2.
 */
class BundledSegmenterArchiveTest {

  @Test
  void load_bundledVersion1Archive_sameConfigurationAsBefore(@TempDir Path dir) throws Exception {
    Path bundled = MaskRcnnConfigCodecTest.BUNDLED;
    assertTrue(
        Files.isRegularFile(bundled), "the bundled segmenter at " + bundled.toAbsolutePath());
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
