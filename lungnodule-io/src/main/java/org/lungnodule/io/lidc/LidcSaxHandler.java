package org.lungnodule.io.lidc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The streaming reader behind {@link LidcXml}: keeps one frame per open element (what it is, in a
 * bounded array), collects the text of value elements, and turns each mark into its record when its
 * element ends. Checks the limits of {@link LidcXml.Limits} as elements open.
 */
final class LidcSaxHandler extends DefaultHandler {

  /** A {@link LidcXmlException} on its way out through the SAX parser. */
  static final class Refusal extends SAXException {
    private static final long serialVersionUID = 1L;

    private final transient LidcXmlException exception;

    Refusal(LidcXmlException exception) {
      super(exception.getMessage());
      this.exception = exception;
    }

    LidcXmlException exception() {
      return exception;
    }
  }

  /** What an open element is. */
  private enum Kind {
    ROOT,
    HEADER,
    READING,
    NODULE,
    CHARACTERISTICS,
    ROI,
    EDGE_MAP,
    NON_NODULE,
    LOCUS,
    /** A value element whose text is collected (and its descendants'). */
    VALUE,
    /** An element inside a value: its text belongs to the value. */
    IN_VALUE,
    /** Anything else; its content is skipped. */
    IGNORED
  }

  private static final String[] RATINGS = {
    "subtlety",
    "internalStructure",
    "calcification",
    "sphericity",
    "margin",
    "lobulation",
    "spiculation",
    "texture",
    "malignancy"
  };

  private final String source;
  private final LidcXml.Limits limits;
  private final Kind[] stack;
  private int depth;
  private Locator locator;

  private int readingCount;
  private int markCount;
  private int roiCount;
  private int pointCount;

  // the value being collected: where its text goes when the element ends
  private final StringBuilder text = new StringBuilder();
  private String valueName;

  // the document
  private Optional<String> series = Optional.empty();
  private Optional<String> study = Optional.empty();
  private final List<LidcReading> readings = new ArrayList<>();
  private boolean done;

  // the open parts (LIDC nests them one way, so one of each)
  private Header header;
  private Reading reading;
  private NoduleParts nodule;
  private RoiParts roi;
  private Point point;
  private NonNoduleParts nonNodule;

  LidcSaxHandler(String source, LidcXml.Limits limits) {
    this.source = source;
    this.limits = limits;
    this.stack = new Kind[limits.depth()];
  }

  /** Returns the message read; call after a successful parse. */
  LidcReadMessage result() {
    if (!done) {
      throw new IllegalStateException("the document has not been read to its end");
    }
    return new LidcReadMessage(series, study, readings);
  }

  @Override
  public void setDocumentLocator(Locator locator) {
    this.locator = locator;
  }

  private String at() {
    return locator == null
        ? ""
        : " at line " + locator.getLineNumber() + ", column " + locator.getColumnNumber();
  }

  private Refusal refuse(String message) {
    return new Refusal(new LidcXmlException(source, message, null));
  }

  private Refusal limit(int limit, String what, String reason) {
    return refuse(
        "more than " + limit + " " + what + at() + " (the limit of LIDC XML; " + reason + ")");
  }

  private static boolean lidc(String uri) {
    return uri == null || uri.isEmpty() || uri.equals(LidcXml.NAMESPACE);
  }

  @Override
  public void startElement(String uri, String localName, String qName, Attributes atts)
      throws SAXException {
    if (depth == stack.length) {
      throw limit(limits.depth(), "levels of nested elements", "LIDC XML nests 6 deep");
    }
    Kind kind = depth == 0 ? root(uri, localName, qName) : child(stack[depth - 1], uri, localName);
    stack[depth++] = kind;
  }

  private Kind root(String uri, String localName, String qName) throws Refusal {
    if (!localName.equals("LidcReadMessage") || !lidc(uri)) {
      throw new Refusal(
          LidcXmlException.notLidc(
              source,
              "root element must be LidcReadMessage in namespace "
                  + LidcXml.NAMESPACE
                  + ", got "
                  + (qName == null || qName.isEmpty() ? localName : qName)
                  + (uri == null || uri.isEmpty() ? "" : " in " + uri)));
    }
    return Kind.ROOT;
  }

  private Kind child(Kind parent, String uri, String name) throws Refusal {
    switch (parent) {
      case VALUE, IN_VALUE:
        return Kind.IN_VALUE;
      case IGNORED:
        return Kind.IGNORED;
      case CHARACTERISTICS:
        nodule.characteristicsHasElements = true;
        break;
      default:
        break;
    }
    if (!lidc(uri)) {
      return Kind.IGNORED;
    }
    switch (parent) {
      case ROOT:
        if (name.equals("ResponseHeader")) {
          header = new Header();
          return Kind.HEADER;
        }
        if (name.equals("readingSession")) {
          if (++readingCount > limits.readings()) {
            throw limit(limits.readings(), "readingSession elements", "LIDC has 4 readers");
          }
          reading = new Reading(readingCount);
          return Kind.READING;
        }
        return Kind.IGNORED;
      case HEADER:
        return value(
            name.equals("SeriesInstanceUid") && header.seriesUid == null
                || name.equals("SeriesInstanceUID") && header.seriesUID == null
                || name.equals("StudyInstanceUID") && header.study == null,
            name);
      case READING:
        if (name.equals("unblindedReadNodule") || name.equals("nonNodule")) {
          if (++markCount > limits.marks()) {
            throw limit(
                limits.marks(),
                "marks (unblindedReadNodule and nonNodule elements)",
                "LIDC files hold a few hundred");
          }
          if (name.equals("unblindedReadNodule")) {
            nodule = new NoduleParts();
            return Kind.NODULE;
          }
          nonNodule = new NonNoduleParts();
          return Kind.NON_NODULE;
        }
        return value(name.equals("servicingRadiologistID") && reading.reader == null, name);
      case NODULE:
        if (name.equals("roi")) {
          if (++roiCount > limits.rois()) {
            throw limit(limits.rois(), "roi elements", "LIDC files hold a few thousand");
          }
          roi = new RoiParts();
          return Kind.ROI;
        }
        if (name.equals("characteristics")) {
          if (nodule.characteristicsSeen) {
            return Kind.IGNORED;
          }
          nodule.characteristicsSeen = true;
          return Kind.CHARACTERISTICS;
        }
        return value(name.equals("noduleID") && nodule.id == null, name);
      case CHARACTERISTICS:
        int r = Arrays.asList(RATINGS).indexOf(name);
        return value(r >= 0 && nodule.ratings[r] == null, name);
      case ROI:
        if (name.equals("edgeMap")) {
          countPoint();
          point = new Point();
          return Kind.EDGE_MAP;
        }
        return value(
            name.equals("imageZposition") && roi.z == null
                || name.equals("imageSOP_UID") && roi.sop == null
                || name.equals("inclusion") && roi.inclusion == null,
            name);
      case NON_NODULE:
        if (name.equals("locus")) {
          if (nonNodule.locus != null) {
            return Kind.IGNORED;
          }
          countPoint();
          nonNodule.locus = new Point();
          point = nonNodule.locus;
          return Kind.LOCUS;
        }
        return value(
            name.equals("nonNoduleID") && nonNodule.id == null
                || name.equals("imageZposition") && nonNodule.z == null
                || name.equals("imageSOP_UID") && nonNodule.sop == null,
            name);
      case EDGE_MAP, LOCUS:
        return value(
            name.equals("xCoord") && point.x == null || name.equals("yCoord") && point.y == null,
            name);
      default:
        throw new IllegalStateException("no children for " + parent);
    }
  }

  private void countPoint() throws Refusal {
    if (++pointCount > limits.points()) {
      throw limit(
          limits.points(),
          "points (edgeMap and locus elements)",
          "a large LIDC file has a few tens of thousands");
    }
  }

  /** A value element when {@code wanted} (the first of its name), else ignored. */
  private Kind value(boolean wanted, String name) {
    if (!wanted) {
      return Kind.IGNORED;
    }
    text.setLength(0);
    valueName = name;
    return Kind.VALUE;
  }

  @Override
  public void characters(char[] ch, int start, int length) throws SAXException {
    if (depth > 0 && (stack[depth - 1] == Kind.VALUE || stack[depth - 1] == Kind.IN_VALUE)) {
      if (text.length() + length > limits.valueChars()) {
        throw limit(limits.valueChars(), "characters in " + valueName, "ids and numbers are short");
      }
      text.append(ch, start, length);
    }
  }

  @Override
  public void endElement(String uri, String localName, String qName) throws SAXException {
    Kind kind = stack[--depth];
    switch (kind) {
      case VALUE -> store(stack[depth - 1], valueName, text.toString().strip());
      case HEADER -> {
        series =
            Optional.ofNullable(header.seriesUid).or(() -> Optional.ofNullable(header.seriesUID));
        study = Optional.ofNullable(header.study);
        header = null;
      }
      case READING -> {
        readings.add(
            new LidcReading(
                reading.reader == null ? "" : reading.reader, reading.nodules, reading.nonNodules));
        reading = null;
      }
      case NODULE -> {
        reading.nodules.add(finishNodule());
        nodule = null;
      }
      case ROI -> {
        nodule.rois.add(roi);
        roi = null;
      }
      case EDGE_MAP -> {
        roi.addPoint(point);
        point = null;
      }
      case NON_NODULE -> {
        reading.nonNodules.add(finishNonNodule());
        nonNodule = null;
      }
      case ROOT -> done = true;
      default -> {
        // LOCUS stays with its non-nodule; the rest keeps nothing
      }
    }
  }

  private void store(Kind parent, String name, String value) {
    switch (parent) {
      case HEADER -> {
        switch (name) {
          case "SeriesInstanceUid" -> header.seriesUid = value;
          case "SeriesInstanceUID" -> header.seriesUID = value;
          default -> header.study = value;
        }
      }
      case READING -> reading.reader = value;
      case NODULE -> nodule.id = value;
      case CHARACTERISTICS -> nodule.ratings[Arrays.asList(RATINGS).indexOf(name)] = value;
      case ROI -> {
        switch (name) {
          case "imageZposition" -> roi.z = value;
          case "imageSOP_UID" -> roi.sop = value;
          default -> roi.inclusion = value;
        }
      }
      case NON_NODULE -> {
        switch (name) {
          case "nonNoduleID" -> nonNodule.id = value;
          case "imageZposition" -> nonNodule.z = value;
          default -> nonNodule.sop = value;
        }
      }
      case EDGE_MAP, LOCUS -> {
        if (name.equals("xCoord")) {
          point.x = value;
        } else {
          point.y = value;
        }
      }
      default -> throw new IllegalStateException("no values in " + parent);
    }
  }

  private LidcReaderNodule finishNodule() throws Refusal {
    String id = nodule.id == null ? "" : nodule.id;
    String where = "readingSession " + reading.index + " nodule '" + id + "'";
    if (id.isEmpty()) {
      throw refuse(where + " has no noduleID");
    }
    Optional<LidcCharacteristics> ch = Optional.empty();
    if (nodule.characteristicsSeen && nodule.characteristicsHasElements) {
      OptionalInt[] r = new OptionalInt[RATINGS.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = rating(where, RATINGS[i], nodule.ratings[i]);
      }
      try {
        ch =
            Optional.of(
                new LidcCharacteristics(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]));
      } catch (IllegalArgumentException e) {
        throw new Refusal(new LidcXmlException(source, where + ": " + e.getMessage(), e));
      }
    }
    List<LidcRoi> rois = new ArrayList<>(nodule.rois.size());
    for (RoiParts r : nodule.rois) {
      double z = number(where, "imageZposition", r.z);
      String sop = r.sop == null ? "" : r.sop;
      String inc = (r.inclusion == null ? "TRUE" : r.inclusion).toUpperCase(Locale.ROOT);
      if (!inc.equals("TRUE") && !inc.equals("FALSE")) {
        throw refuse(where + ": inclusion must be TRUE or FALSE, got " + inc);
      }
      if (r.pointError != null) {
        throw refuse(where + ": " + r.pointError);
      }
      if (r.count == 0) {
        throw refuse(where + ": an roi at z " + z + " has no edgeMap");
      }
      List<EdgePoint> pts = new ArrayList<>(r.count);
      for (int q = 0; q < r.count; q++) {
        pts.add(new EdgePoint(r.xy[2 * q], r.xy[2 * q + 1]));
      }
      rois.add(new LidcRoi(z, sop, inc.equals("TRUE"), pts));
    }
    if (rois.isEmpty()) {
      throw refuse(where + " has no roi");
    }
    return new LidcReaderNodule(id, ch, rois);
  }

  private LidcNonNodule finishNonNodule() throws Refusal {
    String id = nonNodule.id == null ? "" : nonNodule.id;
    String where = "readingSession " + reading.index + " nonNodule " + id;
    double z = number(where, "imageZposition", nonNodule.z);
    String sop = nonNodule.sop == null ? "" : nonNodule.sop;
    if (nonNodule.locus == null) {
      throw refuse(where + " has no locus");
    }
    String error = nonNodule.locus.error();
    if (error != null) {
      throw refuse(where + ": " + error);
    }
    return new LidcNonNodule(id, z, sop, nonNodule.locus.point());
  }

  private OptionalInt rating(String where, String name, String t) throws Refusal {
    if (t == null || t.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(t));
    } catch (NumberFormatException e) {
      throw refuse(where + ": " + name + " must be an integer, got '" + t + "'");
    }
  }

  private double number(String where, String name, String t) throws Refusal {
    if (t == null) {
      throw refuse(where + ": missing " + name);
    }
    try {
      double d = Double.parseDouble(t);
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw refuse(where + ": " + name + " must be a finite number, got '" + t + "'");
  }

  /** The message of a missing or non-integer coordinate, or null when it is an integer. */
  private static String integerError(String name, String t) {
    if (t == null) {
      return "missing " + name;
    }
    try {
      Integer.parseInt(t);
      return null;
    } catch (NumberFormatException e) {
      return name + " must be an integer, got '" + t + "'";
    }
  }

  private static final class Header {
    String seriesUid;
    String seriesUID;
    String study;
  }

  private static final class Reading {
    final int index;
    String reader;
    final List<LidcReaderNodule> nodules = new ArrayList<>();
    final List<LidcNonNodule> nonNodules = new ArrayList<>();

    Reading(int index) {
      this.index = index;
    }
  }

  private static final class NoduleParts {
    String id;
    boolean characteristicsSeen;
    boolean characteristicsHasElements;
    final String[] ratings = new String[RATINGS.length];
    final List<RoiParts> rois = new ArrayList<>();
  }

  private static final class RoiParts {
    String z;
    String sop;
    String inclusion;
    int[] xy = new int[8];
    int count;

    /** The first bad point's message; later points are not kept. */
    String pointError;

    void addPoint(Point p) {
      if (pointError != null) {
        return;
      }
      String e = p.error();
      if (e != null) {
        pointError = e;
        return;
      }
      if (2 * count == xy.length) {
        xy = Arrays.copyOf(xy, xy.length * 2);
      }
      xy[2 * count] = Integer.parseInt(p.x);
      xy[2 * count + 1] = Integer.parseInt(p.y);
      count++;
    }
  }

  private static final class NonNoduleParts {
    String id;
    String z;
    String sop;
    Point locus;
  }

  private static final class Point {
    String x;
    String y;

    /** The message for a missing or bad coordinate (x checked first), or null. */
    String error() {
      String e = integerError("xCoord", x);
      return e != null ? e : integerError("yCoord", y);
    }

    EdgePoint point() {
      return new EdgePoint(Integer.parseInt(x), Integer.parseInt(y));
    }
  }
}
