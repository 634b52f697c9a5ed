package org.lungnodule.io.lidc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses LIDC-IDRI XML ({@code LidcReadMessage}, default namespace {@code http://www.nih.gov})
 * into a {@link LidcReadMessage}.
 *
 * <h2>Security</h2>
 *
 * The parser refuses any document type declaration ({@code disallow-doctype-decl}), so external
 * entities (XXE), parameter entities and entity-expansion bombs ("billion laughs") are rejected
 * before anything is read; external DTDs and schemas are never fetched, XInclude is off and JAXP
 * secure processing is on. Such a file gives a {@link LidcXmlException} that says so.
 *
 * <h2>What is read</h2>
 *
 * {@code ResponseHeader/SeriesInstanceUid} and {@code StudyInstanceUID}; per {@code
 * readingSession}: {@code servicingRadiologistID}; each {@code unblindedReadNodule} ({@code
 * noduleID}, optional {@code characteristics}, {@code roi}s with {@code imageZposition}, {@code
 * imageSOP_UID}, {@code inclusion} and {@code edgeMap} {@code xCoord}/{@code yCoord}); each {@code
 * nonNodule} ({@code nonNoduleID}, {@code imageZposition}, {@code imageSOP_UID}, {@code locus}).
 * Elements are matched by local name in the {@code http://www.nih.gov} namespace (or no
 * namespace); other elements are ignored.
 */
public final class LidcXml {

  /** The LIDC namespace. */
  public static final String NAMESPACE = "http://www.nih.gov";

  private LidcXml() {}

  /**
   * Parses a file.
   *
   * @throws NoSuchFileException if the file is missing
   * @throws LidcXmlException if the XML is malformed, has a DTD, or does not follow the schema
   * @throws IOException on read failures
   */
  public static LidcReadMessage parse(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "LIDC XML file not found");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    }
  }

  /**
   * Parses a stream.
   *
   * @param in the XML
   * @param source a name for messages (a path or URL)
   * @throws LidcXmlException if the XML is malformed, has a DTD, or does not follow the schema
   * @throws IOException on read failures
   */
  public static LidcReadMessage parse(InputStream in, String source) throws IOException {
    Document doc;
    try {
      DocumentBuilder b = secureFactory().newDocumentBuilder();
      b.setErrorHandler(
          new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {}

            @Override
            public void error(SAXParseException e) throws SAXException {
              throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
              throw e;
            }
          });
      b.setEntityResolver(
          (publicId, systemId) -> {
            throw new SAXException("external entity " + systemId + " refused");
          });
      InputSource is = new InputSource(in);
      is.setSystemId(source);
      doc = b.parse(is);
    } catch (SAXParseException e) {
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("DOCTYPE") || msg.contains("disallow-doctype-decl")) {
        throw new LidcXmlException(
            source,
            "refused: the file has a document type declaration (DOCTYPE); DTDs and entities are"
                + " not allowed in LIDC XML (protection against external entities and entity"
                + " expansion)",
            e);
      }
      throw new LidcXmlException(
          source,
          "malformed XML at line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + msg,
          e);
    } catch (SAXException e) {
      throw new LidcXmlException(source, "refused: " + e.getMessage(), e);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
    }
    return read(doc.getDocumentElement(), source);
  }

  private static DocumentBuilderFactory secureFactory() throws ParserConfigurationException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setValidating(false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    return f;
  }

  private static boolean is(Node n, String localName) {
    if (n.getNodeType() != Node.ELEMENT_NODE) {
      return false;
    }
    String ns = n.getNamespaceURI();
    String ln = n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
    return ln.equals(localName) && (ns == null || ns.equals(NAMESPACE));
  }

  private static List<Element> children(Element e, String localName) {
    List<Element> out = new ArrayList<>();
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (is(c, localName)) {
        out.add((Element) c);
      }
    }
    return out;
  }

  private static Optional<String> childText(Element e, String localName) {
    List<Element> c = children(e, localName);
    return c.isEmpty() ? Optional.empty() : Optional.of(c.get(0).getTextContent().strip());
  }

  private static LidcReadMessage read(Element root, String source) throws LidcXmlException {
    if (!is(root, "LidcReadMessage")) {
      throw new LidcXmlException(
          source,
          "root element must be LidcReadMessage in namespace "
              + NAMESPACE
              + ", got "
              + root.getNodeName()
              + (root.getNamespaceURI() == null ? "" : " in " + root.getNamespaceURI()),
          null);
    }
    Optional<String> series = Optional.empty();
    Optional<String> study = Optional.empty();
    for (Element h : children(root, "ResponseHeader")) {
      series = childText(h, "SeriesInstanceUid").or(() -> childText(h, "SeriesInstanceUID"));
      study = childText(h, "StudyInstanceUID");
    }
    List<LidcReadingSession> sessions = new ArrayList<>();
    int si = 0;
    for (Element s : children(root, "readingSession")) {
      si++;
      String reader = childText(s, "servicingRadiologistID").orElse("");
      List<LidcReaderNodule> nodules = new ArrayList<>();
      for (Element n : children(s, "unblindedReadNodule")) {
        nodules.add(nodule(n, source, si));
      }
      List<LidcNonNodule> non = new ArrayList<>();
      for (Element n : children(s, "nonNodule")) {
        String where = "readingSession " + si + " nonNodule";
        String id = childText(n, "nonNoduleID").orElse("");
        double z = number(source, where + " " + id, "imageZposition", childText(n, "imageZposition"));
        String sop = childText(n, "imageSOP_UID").orElse("");
        List<Element> locus = children(n, "locus");
        if (locus.isEmpty()) {
          throw new LidcXmlException(source, where + " " + id + " has no locus", null);
        }
        non.add(new LidcNonNodule(id, z, sop, point(source, where + " " + id, locus.get(0))));
      }
      sessions.add(new LidcReadingSession(reader, nodules, non));
    }
    return new LidcReadMessage(series, study, sessions);
  }

  private static LidcReaderNodule nodule(Element n, String source, int session)
      throws LidcXmlException {
    String id = childText(n, "noduleID").orElse("");
    String where = "readingSession " + session + " nodule '" + id + "'";
    if (id.isEmpty()) {
      throw new LidcXmlException(source, where + " has no noduleID", null);
    }
    Optional<LidcCharacteristics> ch = Optional.empty();
    List<Element> ce = children(n, "characteristics");
    if (!ce.isEmpty() && hasElementChildren(ce.get(0))) {
      Element c = ce.get(0);
      try {
        ch =
            Optional.of(
                new LidcCharacteristics(
                    rating(source, where, c, "subtlety"),
                    rating(source, where, c, "internalStructure"),
                    rating(source, where, c, "calcification"),
                    rating(source, where, c, "sphericity"),
                    rating(source, where, c, "margin"),
                    rating(source, where, c, "lobulation"),
                    rating(source, where, c, "spiculation"),
                    rating(source, where, c, "texture"),
                    rating(source, where, c, "malignancy")));
      } catch (IllegalArgumentException e) {
        throw new LidcXmlException(source, where + ": " + e.getMessage(), e);
      }
    }
    List<LidcRoi> rois = new ArrayList<>();
    for (Element r : children(n, "roi")) {
      double z = number(source, where, "imageZposition", childText(r, "imageZposition"));
      String sop = childText(r, "imageSOP_UID").orElse("");
      String inc = childText(r, "inclusion").orElse("TRUE").toUpperCase(Locale.ROOT);
      if (!inc.equals("TRUE") && !inc.equals("FALSE")) {
        throw new LidcXmlException(source, where + ": inclusion must be TRUE or FALSE, got " + inc, null);
      }
      List<EdgePoint> pts = new ArrayList<>();
      for (Element em : children(r, "edgeMap")) {
        pts.add(point(source, where, em));
      }
      if (pts.isEmpty()) {
        throw new LidcXmlException(source, where + ": an roi at z " + z + " has no edgeMap", null);
      }
      rois.add(new LidcRoi(z, sop, inc.equals("TRUE"), pts));
    }
    if (rois.isEmpty()) {
      throw new LidcXmlException(source, where + " has no roi", null);
    }
    return new LidcReaderNodule(id, ch, rois);
  }

  private static boolean hasElementChildren(Element e) {
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c.getNodeType() == Node.ELEMENT_NODE) {
        return true;
      }
    }
    return false;
  }

  private static OptionalInt rating(String source, String where, Element c, String name)
      throws LidcXmlException {
    Optional<String> t = childText(c, name);
    if (t.isEmpty() || t.get().isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(t.get()));
    } catch (NumberFormatException e) {
      throw new LidcXmlException(
          source, where + ": " + name + " must be an integer, got '" + t.get() + "'", e);
    }
  }

  private static EdgePoint point(String source, String where, Element e) throws LidcXmlException {
    return new EdgePoint(
        integer(source, where, "xCoord", childText(e, "xCoord")),
        integer(source, where, "yCoord", childText(e, "yCoord")));
  }

  private static int integer(String source, String where, String name, Optional<String> t)
      throws LidcXmlException {
    if (t.isEmpty()) {
      throw new LidcXmlException(source, where + ": missing " + name, null);
    }
    try {
      return Integer.parseInt(t.get());
    } catch (NumberFormatException e) {
      throw new LidcXmlException(
          source, where + ": " + name + " must be an integer, got '" + t.get() + "'", e);
    }
  }

  private static double number(String source, String where, String name, Optional<String> t)
      throws LidcXmlException {
    if (t.isEmpty()) {
      throw new LidcXmlException(source, where + ": missing " + name, null);
    }
    try {
      double d = Double.parseDouble(t.get());
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new LidcXmlException(
        source, where + ": " + name + " must be a finite number, got '" + t.get() + "'", null);
  }
}
