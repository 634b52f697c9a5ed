package org.lungnodule.io.lidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LidcXmlTest {

  @Test
  void parse_fourReaders_allParts() throws IOException {
    LidcReadMessage m = LidcFixtures.parse("four_readers.xml");
    assertEquals(Optional.of("1.2.826.0.1.3680043.8.498.4"), m.seriesInstanceUid());
    assertEquals(Optional.of("1.2.826.0.1.3680043.8.498.1"), m.studyInstanceUid());
    assertEquals(4, m.sessions().size());
    assertEquals(9, m.readerNoduleCount());
    LidcReadingSession a = m.sessions().get(0);
    assertEquals("reader-A", a.readerId());
    LidcReaderNodule n = a.nodules().get(0);
    assertEquals("Nodule 001", n.noduleId());
    assertEquals(Optional.of(4), n.malignancy());
    assertEquals(6, n.characteristics().orElseThrow().calcification().getAsInt());
    assertEquals(4, n.rois().size());
    LidcRoi hole = n.rois().get(2);
    assertFalse(hole.inclusion());
    assertEquals(-94.0, hole.imageZPositionMm());
    assertTrue(n.rois().get(0).inclusion());
    assertEquals(new EdgePoint(24, 20), n.rois().get(0).edgeMap().get(0));
    LidcReaderNodule small = m.sessions().get(2).nodules().get(1);
    assertTrue(small.isSmall());
    assertEquals(Optional.empty(), small.malignancy());
    assertEquals(new EdgePoint(10, 55), small.rois().get(0).edgeMap().get(0));
    LidcNonNodule non = m.sessions().get(3).nonNodules().get(0);
    assertEquals("Non-nodule 1", non.id());
    assertEquals(new EdgePoint(60, 3), non.locus());
    assertEquals(-82.0, non.imageZPositionMm());
  }

  @Test
  void parse_xxe_refusedBeforeReading() {
    LidcXmlException e =
        assertThrows(LidcXmlException.class, () -> LidcFixtures.parse("xxe.xml"));
    assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    assertFalse(e.getMessage().contains("root:"), "must not contain /etc/passwd content");
  }

  @Test
  void parse_billionLaughs_refusedQuickly() {
    LidcXmlException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () -> assertThrows(LidcXmlException.class, () -> LidcFixtures.parse("billion_laughs.xml")));
    assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
  }

  private static LidcReadMessage parse(String xml) throws IOException {
    return LidcXml.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test.xml");
  }

  @Test
  void parse_badDocuments_clearMessages() {
    String ns = "<LidcReadMessage xmlns=\"http://www.nih.gov\">";
    String[][] cases = {
      {"<IdriReadMessage xmlns=\"http://www.nih.gov\"/>", "root element must be LidcReadMessage"},
      {"<LidcReadMessage xmlns=\"urn:other\"/>", "root element must be LidcReadMessage"},
      {ns + "<readingSession>", "malformed XML at line 1"},
      {ns + "<readingSession><unblindedReadNodule><noduleID>x</noduleID><roi><imageZposition>abc</imageZposition>"
          + "<edgeMap><xCoord>1</xCoord><yCoord>1</yCoord></edgeMap></roi></unblindedReadNodule></readingSession></LidcReadMessage>",
        "nodule 'x': imageZposition must be a finite number, got 'abc'"},
      {ns + "<readingSession><unblindedReadNodule><noduleID>x</noduleID></unblindedReadNodule></readingSession></LidcReadMessage>",
        "nodule 'x' has no roi"},
      {ns + "<readingSession><unblindedReadNodule><noduleID>x</noduleID><characteristics><malignancy>7</malignancy>"
          + "</characteristics><roi><imageZposition>1</imageZposition><edgeMap><xCoord>1</xCoord><yCoord>1</yCoord></edgeMap>"
          + "</roi></unblindedReadNodule></readingSession></LidcReadMessage>",
        "malignancy must be in 1..5, got 7"},
    };
    for (String[] c : cases) {
      LidcXmlException e = assertThrows(LidcXmlException.class, () -> parse(c[0]), c[1]);
      assertTrue(e.getMessage().contains(c[1]), () -> e.getMessage() + " lacks " + c[1]);
      assertEquals("test.xml", e.source());
    }
  }

  @Test
  void parse_noNamespace_accepted() throws IOException {
    LidcReadMessage m =
        parse("<LidcReadMessage><readingSession><servicingRadiologistID>r</servicingRadiologistID></readingSession></LidcReadMessage>");
    assertEquals("r", m.sessions().get(0).readerId());
  }

  @Test
  void parse_missingFile_noSuchFile() {
    assertThrows(
        NoSuchFileException.class, () -> LidcXml.parse(java.nio.file.Path.of("/nonexistent/x.xml")));
  }
}
