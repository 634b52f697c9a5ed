package org.lungnodule.phantom.segmenter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class PhantomSegmenterTest {

  @Test
  void openArchive_isTheModelArchive() throws IOException {
    Set<String> entries = new TreeSet<>();
    try (ZipInputStream zip = new ZipInputStream(PhantomSegmenter.openArchive())) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        entries.add(e.getName());
      }
    }
    assertEquals(
        Set.of(
            "lungnodule-model.properties",
            "provenance.properties",
            "preprocessing.properties",
            "network.bin"),
        entries);
  }

  @Test
  void archiveBytes_sameAsStreamAndPinned() throws IOException, NoSuchAlgorithmException {
    byte[] bytes = PhantomSegmenter.archiveBytes();
    try (InputStream in = PhantomSegmenter.openArchive()) {
      assertArrayEquals(bytes, in.readAllBytes());
    }
    // the archive that docs/finetune.md describes; a retrained one changes this hash on purpose
    assertEquals(
        "439702aa48d9981482adff57cc06db2e6ab0ae74f8ea608ebe2e36f68a2c5982",
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      assertEquals("lungnodule-model.properties", zip.getNextEntry().getName());
    }
  }
}
