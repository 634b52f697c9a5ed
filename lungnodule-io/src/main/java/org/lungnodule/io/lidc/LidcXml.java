package org.lungnodule.io.lidc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * Parses LIDC-IDRI XML ({@code LidcReadMessage}, default namespace {@code http://www.nih.gov}) into
 * a {@link LidcReadMessage}.
 *
 * <h2>Security</h2>
 *
 * The parser refuses any document type declaration ({@code disallow-doctype-decl}), so external
 * entities (XXE), parameter entities and entity-expansion bombs ("billion laughs") are rejected
 * before anything is read; external DTDs and schemas are never fetched, XInclude is off and JAXP
 * secure processing is on. Such a file gives a {@link LidcXmlException} that says so.
 *
 * <h2>Limits</h2>
 *
 * The file is read as a stream (SAX), never held as a tree, and what is kept is bounded so that a
 * hostile file cannot exhaust the stack or the heap; past a limit the file is refused with a {@link
 * LidcXmlException} that names the limit and the line. Real LIDC-IDRI files stay far below each
 * limit:
 *
 * <ul>
 *   <li>{@value #MAX_DEPTH} levels of nested elements (LIDC nests 6: {@code
 *       LidcReadMessage/readingSession/unblindedReadNodule/roi/edgeMap/xCoord});
 *   <li>{@value #MAX_READINGS} {@code readingSession}s (LIDC has 4 readers; the clusterer tells at
 *       most 64 readers apart);
 *   <li>{@value #MAX_MARKS} marks ({@code unblindedReadNodule} plus {@code nonNodule}; the busiest
 *       LIDC files hold a few hundred);
 *   <li>{@value #MAX_ROIS} {@code roi} contours;
 *   <li>{@value #MAX_POINTS} points ({@code edgeMap} plus {@code locus}), about 40 MB of parsed
 *       points; a large LIDC file has a few tens of thousands;
 *   <li>{@value #MAX_VALUE_CHARS} characters in one value (an id, a UID, a coordinate).
 * </ul>
 *
 * <h2>What is read</h2>
 *
 * {@code ResponseHeader/SeriesInstanceUid} and {@code StudyInstanceUID}; per {@code
 * readingSession}: {@code servicingRadiologistID}; each {@code unblindedReadNodule} ({@code
 * noduleID}, optional {@code characteristics}, {@code roi}s with {@code imageZposition}, {@code
 * imageSOP_UID}, {@code inclusion} and {@code edgeMap} {@code xCoord}/{@code yCoord}); each {@code
 * nonNodule} ({@code nonNoduleID}, {@code imageZposition}, {@code imageSOP_UID}, {@code locus}).
 * Elements are matched by local name in the {@code http://www.nih.gov} namespace (or no namespace),
 * as direct children of the element above them; other elements are ignored. Where an element holds
 * a value twice (two {@code noduleID}s) the first counts. A mark is checked when its element ends,
 * so of several errors the first in the file is reported.
 */
public final class LidcXml {

  /** The LIDC namespace. */
  public static final String NAMESPACE = "http://www.nih.gov";

  /** The deepest nesting of elements read, counting the root as 1. */
  public static final int MAX_DEPTH = 64;

  /** The most {@code readingSession} elements in one file. */
  public static final int MAX_READINGS = 64;

  /** The most marks ({@code unblindedReadNodule} and {@code nonNodule} elements) in one file. */
  public static final int MAX_MARKS = 2_000;

  /** The most {@code roi} elements in one file. */
  public static final int MAX_ROIS = 100_000;

  /** The most points ({@code edgeMap} and {@code locus} elements) in one file. */
  public static final int MAX_POINTS = 1_000_000;

  /** The most characters of text in one value element. */
  public static final int MAX_VALUE_CHARS = 4_096;

  /** The limits a parse applies; package-private so that tests can try small ones. */
  record Limits(int depth, int readings, int marks, int rois, int points, int valueChars) {
    static final Limits DEFAULT =
        new Limits(MAX_DEPTH, MAX_READINGS, MAX_MARKS, MAX_ROIS, MAX_POINTS, MAX_VALUE_CHARS);
  }

  /** One configured factory per thread: looking a factory up costs more than a small parse. */
  private static final ThreadLocal<SAXParserFactory> FACTORY =
      ThreadLocal.withInitial(
          () -> {
            try {
              return secureFactory();
            } catch (ParserConfigurationException | SAXException e) {
              throw new IllegalStateException(
                  "the JDK XML parser lacks a required security feature", e);
            }
          });

  private LidcXml() {}

  /**
   * Parses a file.
   *
   * @param file the XML file
   * @return the parsed message
   * @throws NoSuchFileException if the file is missing
   * @throws LidcXmlException if the XML is malformed, has a DTD, does not follow the schema, or
   *     exceeds one of the limits (see the class comment)
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
   * @return the parsed message
   * @throws LidcXmlException if the XML is malformed, has a DTD, does not follow the schema, or
   *     exceeds one of the limits (see the class comment)
   * @throws IOException on read failures
   */
  public static LidcReadMessage parse(InputStream in, String source) throws IOException {
    return parse(in, source, Limits.DEFAULT);
  }

  static LidcReadMessage parse(InputStream in, String source, Limits limits) throws IOException {
    LidcSaxHandler handler = new LidcSaxHandler(source, limits);
    try {
      XMLReader reader = FACTORY.get().newSAXParser().getXMLReader();
      reader.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      reader.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      reader.setContentHandler(handler);
      reader.setErrorHandler(
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
      reader.setEntityResolver(
          (publicId, systemId) -> {
            throw new SAXException("external entity " + systemId + " refused");
          });
      InputSource is = new InputSource(in);
      is.setSystemId(source);
      reader.parse(is);
    } catch (LidcSaxHandler.Refusal e) {
      throw e.exception();
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
          "malformed XML at line "
              + e.getLineNumber()
              + ", column "
              + e.getColumnNumber()
              + ": "
              + msg,
          e);
    } catch (SAXException e) {
      if (e.getException() instanceof LidcXmlException x) {
        throw x;
      }
      throw new LidcXmlException(source, "refused: " + e.getMessage(), e);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
    }
    return handler.result();
  }

  private static SAXParserFactory secureFactory()
      throws ParserConfigurationException, SAXException {
    SAXParserFactory f = SAXParserFactory.newInstance();
    f.setNamespaceAware(true);
    f.setValidating(false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setXIncludeAware(false);
    return f;
  }
}
