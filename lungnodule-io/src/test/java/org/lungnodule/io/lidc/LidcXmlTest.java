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
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LidcXmlTest {

  @Test
  void parse_fourReaders_allParts() throws IOException {
    LidcReadMessage m = LidcFixtures.parse("four_readers.xml");
    assertEquals(Optional.of("1.2.826.0.1.3680043.8.498.4"), m.seriesInstanceUid());
    assertEquals(Optional.of("1.2.826.0.1.3680043.8.498.1"), m.studyInstanceUid());
    assertEquals(4, m.readings().size());
    assertEquals(9, m.readerNoduleCount());
    LidcReading a = m.readings().get(0);
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
    LidcReaderNodule small = m.readings().get(2).nodules().get(1);
    assertTrue(small.isSmall());
    assertEquals(Optional.empty(), small.malignancy());
    assertEquals(new EdgePoint(10, 55), small.rois().get(0).edgeMap().get(0));
    LidcNonNodule non = m.readings().get(3).nonNodules().get(0);
    assertEquals("Non-nodule 1", non.id());
    assertEquals(new EdgePoint(60, 3), non.locus());
    assertEquals(-82.0, non.imageZPositionMm());
  }

  @Test
  void parse_xxe_refusedBeforeReading() {
    LidcXmlException e = assertThrows(LidcXmlException.class, () -> LidcFixtures.parse("xxe.xml"));
    assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    assertFalse(e.getMessage().contains("root:"), "must not contain /etc/passwd content");
  }

  @Test
  void parse_billionLaughs_refusedQuickly() {
    LidcXmlException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () ->
                assertThrows(
                    LidcXmlException.class, () -> LidcFixtures.parse("billion_laughs.xml")));
    assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
  }

  private static LidcReadMessage parse(String xml) throws IOException {
    return LidcXml.parse(
        new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test.xml");
  }

  @Test
  void parse_badDocuments_clearMessages() {
    String ns = "<LidcReadMessage xmlns=\"http://www.nih.gov\">";
    String[][] cases = {
      {"<IdriReadMessage xmlns=\"http://www.nih.gov\"/>", "root element must be LidcReadMessage"},
      {"<LidcReadMessage xmlns=\"urn:other\"/>", "root element must be LidcReadMessage"},
      {ns + "<readingSession>", "malformed XML at line 1"},
      {
        ns
            + "<readingSession><unblindedReadNodule><noduleID>x</noduleID><roi><imageZposition>abc</imageZposition>"
            + "<edgeMap><xCoord>1</xCoord><yCoord>1</yCoord></edgeMap></roi></unblindedReadNodule></readingSession></LidcReadMessage>",
        "nodule 'x': imageZposition must be a finite number, got 'abc'"
      },
      {
        ns
            + "<readingSession><unblindedReadNodule><noduleID>x</noduleID></unblindedReadNodule></readingSession></LidcReadMessage>",
        "nodule 'x' has no roi"
      },
      {
        ns
            + "<readingSession><unblindedReadNodule><noduleID>x</noduleID><characteristics><malignancy>7</malignancy>"
            + "</characteristics><roi><imageZposition>1</imageZposition><edgeMap><xCoord>1</xCoord><yCoord>1</yCoord></edgeMap>"
            + "</roi></unblindedReadNodule></readingSession></LidcReadMessage>",
        "malignancy must be in 1..5, got 7"
      },
    };
    for (String[] c : cases) {
      LidcXmlException e = assertThrows(LidcXmlException.class, () -> parse(c[0]), c[1]);
      assertTrue(e.getMessage().contains(c[1]), () -> e.getMessage() + " lacks " + c[1]);
      assertEquals(
          c[1].startsWith("root element"), e.notLidc(), () -> "notLidc() of " + e.getMessage());
      assertEquals("test.xml", e.source());
    }
  }

  @Test
  void parse_noNamespace_accepted() throws IOException {
    LidcReadMessage m =
        parse(
            "<LidcReadMessage><readingSession><servicingRadiologistID>r</servicingRadiologistID></readingSession></LidcReadMessage>");
    assertEquals("r", m.readings().get(0).readerId());
  }

  @Test
  void parse_200kNestedElements_typedErrorNamingTheLimit() {
    // the DOM parser overflowed the stack when the nesting sat inside a value (1024 lines of
    // StackOverflowError from getTextContent); nested anywhere, it is now refused at the limit
    int n = 200_000;
    String deep = "<a>".repeat(n) + "</a>".repeat(n);
    for (String xml :
        new String[] {
          NS
              + "<readingSession><servicingRadiologistID>"
              + deep
              + "</servicingRadiologistID></readingSession></LidcReadMessage>",
          NS + deep + "</LidcReadMessage>"
        }) {
      LidcXmlException e =
          assertTimeoutPreemptively(
              Duration.ofSeconds(30), () -> assertThrows(LidcXmlException.class, () -> parse(xml)));
      assertTrue(
          e.getMessage()
              .startsWith(
                  "test.xml: more than "
                      + LidcXml.MAX_DEPTH
                      + " levels of nested elements at line 1"),
          e.getMessage());
      assertEquals("test.xml", e.source());
    }
  }

  private static final String NS = "<LidcReadMessage xmlns=\"http://www.nih.gov\">";

  private static String nodule(String id, int points) {
    StringBuilder sb =
        new StringBuilder(
            "<unblindedReadNodule><noduleID>"
                + id
                + "</noduleID><roi><imageZposition>1</imageZposition>");
    for (int i = 0; i < points; i++) {
      sb.append("<edgeMap><xCoord>").append(i).append("</xCoord><yCoord>1</yCoord></edgeMap>");
    }
    return sb.append("</roi></unblindedReadNodule>").toString();
  }

  private static LidcXmlException refusedWith(LidcXml.Limits limits, String xml) {
    return assertThrows(
        LidcXmlException.class,
        () ->
            LidcXml.parse(
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)),
                "small.xml",
                limits));
  }

  @Test
  void parse_limits_eachRefusedPastItsValue() throws IOException {
    LidcXml.Limits small = new LidcXml.Limits(8, 2, 3, 4, 5, 10);
    // at the limits: accepted
    String ok =
        NS
            + "<readingSession>"
            + nodule("a", 3)
            + nodule("b", 1)
            + "</readingSession><readingSession>"
            + nodule("c", 1)
            + "</readingSession></LidcReadMessage>";
    LidcReadMessage m =
        LidcXml.parse(
            new ByteArrayInputStream(ok.getBytes(StandardCharsets.UTF_8)), "small.xml", small);
    assertEquals(3, m.readerNoduleCount());
    String[][] cases = {
      {NS + "<a><b><c><d><e><f><g><h>", "more than 8 levels of nested elements at line 1"},
      {
        NS + "<readingSession/><readingSession/><readingSession/></LidcReadMessage>",
        "more than 2 readingSession elements"
      },
      {
        NS + "<readingSession>" + nodule("a", 1) + nodule("b", 1) + nodule("c", 1) + "<nonNodule>",
        "more than 3 marks"
      },
      {
        NS
            + "<readingSession>"
            + nodule("a", 1)
            + nodule("b", 1)
            + "<unblindedReadNodule><roi/><roi/><roi/>",
        "more than 4 roi elements"
      },
      {
        NS + "<readingSession>" + nodule("a", 5) + "<nonNodule><locus>",
        "more than 5 points (edgeMap and locus elements)"
      },
      {
        NS + "<readingSession><servicingRadiologistID>01234567890</servicingRadiologistID>",
        "more than 10 characters in servicingRadiologistID"
      },
    };
    for (String[] c : cases) {
      LidcXmlException e = refusedWith(small, c[0]);
      assertTrue(
          e.getMessage().startsWith("small.xml: " + c[1]), () -> e.getMessage() + " lacks " + c[1]);
    }
  }

  @Test
  void parse_streamingKeepsTheTreeRules() throws IOException {
    String xml =
        NS
            + "<ResponseHeader><SeriesInstanceUID> 1.2 </SeriesInstanceUID><StudyInstanceUID>3.4</StudyInstanceUID></ResponseHeader>"
            + "<other:readingSession xmlns:other=\"urn:other\"><servicingRadiologistID>ignored</servicingRadiologistID></other:readingSession>"
            + "<readingSession><servicingRadiologistID>r<!-- c -->1<b>2</b></servicingRadiologistID>"
            + "<servicingRadiologistID>second</servicingRadiologistID>"
            + "<unblindedReadNodule><noduleID>first</noduleID><noduleID>second</noduleID>"
            + "<characteristics><unknown/></characteristics><characteristics><malignancy>4</malignancy></characteristics>"
            + "<roi><imageZposition>-2.5</imageZposition><inclusion>false</inclusion><edgeMap><xCoord>3</xCoord><xCoord>9</xCoord>"
            + "<yCoord><![CDATA[4]]></yCoord></edgeMap><wrapper><edgeMap><xCoord>7</xCoord><yCoord>7</yCoord></edgeMap></wrapper></roi>"
            + "</unblindedReadNodule>"
            + "<nonNodule><nonNoduleID>nn</nonNoduleID><imageZposition>1</imageZposition><locus><xCoord>1</xCoord><yCoord>2</yCoord></locus>"
            + "<locus><xCoord>x</xCoord></locus></nonNodule></readingSession></LidcReadMessage>";
    LidcReadMessage m = parse(xml);
    assertEquals(Optional.of("1.2"), m.seriesInstanceUid());
    assertEquals(Optional.of("3.4"), m.studyInstanceUid());
    assertEquals(1, m.readings().size());
    LidcReading s = m.readings().get(0);
    assertEquals("r12", s.readerId());
    LidcReaderNodule n = s.nodules().get(0);
    assertEquals("first", n.noduleId());
    // the first characteristics element counts: it has an element child but no ratings
    assertEquals(Optional.empty(), n.malignancy());
    assertTrue(n.characteristics().isPresent());
    assertEquals(List.of(new EdgePoint(3, 4)), n.rois().get(0).edgeMap());
    assertFalse(n.rois().get(0).inclusion());
    assertEquals(new LidcNonNodule("nn", 1, "", new EdgePoint(1, 2)), s.nonNodules().get(0));
  }

  @Test
  void parse_missingFile_noSuchFile() {
    assertThrows(
        NoSuchFileException.class,
        () -> LidcXml.parse(java.nio.file.Path.of("/nonexistent/x.xml")));
  }
}
