package org.lungnodule.io.dicom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lungnodule.io.internal.ContainedPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DICOMDIR (PS3.10 media storage directory, PS3.3 F.3): its Directory Record Sequence (0004,1220)
 * read into the PATIENT / STUDY / SERIES / IMAGE hierarchy, following the records' offsets
 * (0004,1200, 0004,1400, 0004,1420), or their order in the sequence when the root offset names no
 * record. Referenced File IDs (0004,1500) are resolved inside the DICOMDIR's folder only (see
 * {@link ContainedPaths}); records not in use (0004,1410 = 0) are left out.
 */
final class DicomDir {

  /** Most directory records accepted. */
  static final int MAX_RECORDS = 1 << 20;

  static final int ROOT_FIRST = 0x00041200;
  static final int RECORDS = 0x00041220;
  static final int NEXT = 0x00041400;
  static final int IN_USE = 0x00041410;
  static final int LOWER = 0x00041420;
  static final int TYPE = 0x00041430;
  static final int FILE_ID = 0x00041500;
  static final int REF_SOP_CLASS = 0x00041510;
  static final int REF_TRANSFER_SYNTAX = 0x00041512;

  private static final Set<Integer> KEPT =
      Set.of(
          NEXT,
          IN_USE,
          LOWER,
          TYPE,
          FILE_ID,
          REF_SOP_CLASS,
          REF_TRANSFER_SYNTAX,
          DicomParser.PATIENT_ID,
          DicomParser.STUDY_INSTANCE_UID,
          DicomParser.SERIES_INSTANCE_UID,
          DicomParser.SERIES_DESCRIPTION,
          DicomParser.MODALITY,
          DicomParser.NUMBER_OF_FRAMES);

  /** One leaf record (IMAGE, SR DOCUMENT, ...) that references a file. */
  record FileRecord(int index, String type, String fileId, Path file, String sopClassUid) {

    /** Returns how the record is named in messages. */
    String label() {
      return "DICOMDIR record "
          + index
          + " ("
          + type
          + ", ReferencedFileID '"
          + ContainedPaths.shown(fileId)
          + "')";
    }
  }

  /** One SERIES record and the file records under it. */
  record Series(
      String seriesInstanceUid,
      String modality,
      Optional<String> description,
      Optional<String> patientId,
      List<FileRecord> files) {}

  private static final Logger LOG = LoggerFactory.getLogger(DicomDir.class);

  final Path file;
  final List<Series> series;

  /** Number of directory records (in use or not). */
  final int records;

  private DicomDir(Path file, List<Series> series, int records) {
    this.file = file;
    this.series = List.copyOf(series);
    this.records = records;
  }

  /** Returns the DICOMDIR of a folder (named DICOMDIR in any case), if it has one. */
  static Optional<Path> find(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    for (String name : new String[] {"DICOMDIR", "dicomdir", "DicomDir"}) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the index of a folder: its DICOMDIR, read, when it has one with directory records. A
   * DICOMDIR without records is not an index: it is logged, and the folder is to be listed.
   *
   * @throws IOException as {@link #read}
   */
  static Optional<DicomDir> index(Path dir) throws IOException {
    Optional<Path> p = find(dir);
    if (p.isEmpty()) {
      return Optional.empty();
    }
    DicomDir d = read(p.get());
    if (d.records == 0) {
      LOG.warn("{}: the DICOMDIR has no directory records; the folder is listed instead", p.get());
      return Optional.empty();
    }
    return Optional.of(d);
  }

  /**
   * Reads a DICOMDIR and resolves its file references.
   *
   * @throws NotDicomException if the file is not DICOM
   * @throws DicomException if it is malformed, its records point at offsets that hold no record, or
   *     a Referenced File ID leads out of its folder or names a missing file (the message names the
   *     record)
   * @throws IOException if it cannot be read
   */
  static DicomDir read(Path file) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    List<SequenceItems.Item> items;
    long root = 0;
    try (ByteSource src = ByteSource.open(file)) {
      DicomParser.Cursor c = new DicomParser.Cursor(file, src);
      if (c.size < 132) {
        throw new NotDicomException(file, "not a DICOMDIR: shorter than the 132-byte preamble");
      }
      c.pos = 128;
      c.need(4);
      if (c.u8(0) != 'D' || c.u8(1) != 'I' || c.u8(2) != 'C' || c.u8(3) != 'M') {
        throw new NotDicomException(file, "not a DICOMDIR: no 'DICM' marker at offset 128");
      }
      c.pos = 132;
      String ts = meta(c);
      if (ts.equals(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN.uid())) {
        c.explicit = false;
      } else if (ts.equals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid())) {
        c.explicit = true;
      } else if (ts.equals(TransferSyntax.EXPLICIT_VR_BIG_ENDIAN.uid())) {
        c.explicit = true;
        c.big = true;
      } else {
        throw new UnsupportedTransferSyntaxException(file, ts);
      }
      items = null;
      while (c.pos < c.size && items == null) {
        long at = c.pos;
        int tag = c.tag();
        String vr = c.explicit ? c.vr(tag, at) : (tag == ROOT_FIRST ? "UL" : "UN");
        long len = c.length(vr);
        if (tag == RECORDS || vr.equals("SQ") || len == DicomParser.UNDEFINED) {
          List<SequenceItems.Item> read =
              SequenceItems.read(
                  c,
                  len,
                  1,
                  tag == RECORDS ? MAX_RECORDS : Integer.MAX_VALUE,
                  tag == RECORDS
                      ? "Directory Record Sequence (0004,1220)"
                      : "sequence " + DicomText.tag(tag),
                  (macro, t) -> tag == RECORDS && macro == 0 && KEPT.contains(t));
          if (tag == RECORDS) {
            items = read;
          }
          continue;
        }
        c.checkLength(tag, at, len);
        if (tag == ROOT_FIRST && len == 4) {
          root = c.u32();
        } else {
          c.skip(len);
        }
      }
    }
    if (items == null) {
      items = List.of();
    }
    return new DicomDir(file, hierarchy(file, folder, items, root), items.size());
  }

  /** Reads the file meta information group; returns the transfer syntax. */
  private static String meta(DicomParser.Cursor c) throws IOException {
    String ts = "";
    while (c.pos + 8 <= c.size) {
      c.need(2);
      if ((c.u8(0) | (c.u8(1) << 8)) != 0x0002) {
        break;
      }
      long at = c.pos;
      int tag = c.tag();
      String vr = c.vr(tag, at);
      long len = c.length(vr);
      c.checkLength(tag, at, len);
      if (tag == DicomParser.TRANSFER_SYNTAX && len <= 256) {
        ts = c.string(tag, len);
      } else {
        c.skip(len);
      }
    }
    return ts.isEmpty() ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN.uid() : ts;
  }

  /** A record while the hierarchy is built. */
  private record Node(int index, SequenceItems.Item item) {
    String get(int tag) {
      String v = item.get(0, tag);
      return v == null ? "" : v;
    }

    long offset(int tag) {
      String v = item.get(0, tag);
      if (v == null || v.isEmpty()) {
        return 0;
      }
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        return -1; // no record starts there: reported by the walk
      }
    }

    String type() {
      return get(TYPE).toUpperCase(java.util.Locale.ROOT);
    }

    boolean inUse() {
      return !get(IN_USE).equals("0");
    }
  }

  private static List<Series> hierarchy(
      Path file, Path folder, List<SequenceItems.Item> items, long root) throws IOException {
    List<Node> nodes = new ArrayList<>(items.size());
    Map<Long, Node> byOffset = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Node n = new Node(i + 1, items.get(i));
      nodes.add(n);
      byOffset.put(items.get(i).offset(), n);
    }
    List<Series> out = new ArrayList<>();
    if (byOffset.containsKey(root)) {
      walk(file, folder, byOffset, root, null, "", out, new HashSet<>(), 0);
      return out;
    }
    // no usable offsets: the records in sequence order, each leaf under the last SERIES
    List<SeriesBuilder> builders = new ArrayList<>();
    String patient = "";
    for (Node n : nodes) {
      if (!n.inUse()) {
        continue;
      }
      if (n.type().equals("PATIENT")) {
        patient = n.get(DicomParser.PATIENT_ID);
      } else if (n.type().equals("SERIES")) {
        builders.add(new SeriesBuilder(n, patient));
      } else if (!builders.isEmpty() && !n.get(FILE_ID).isEmpty()) {
        builders.get(builders.size() - 1).files.add(fileRecord(file, folder, n));
      }
    }
    for (SeriesBuilder sb : builders) {
      out.add(sb.build());
    }
    return out;
  }

  /** Walks the chain of records starting at {@code offset} and the chains below them. */
  private static void walk(
      Path file,
      Path folder,
      Map<Long, Node> byOffset,
      long offset,
      SeriesBuilder series,
      String patient,
      List<Series> out,
      Set<Long> seen,
      int depth)
      throws IOException {
    if (depth > DicomParser.MAX_DEPTH) {
      throw new DicomException(
          file, "DICOMDIR records nested deeper than " + DicomParser.MAX_DEPTH);
    }
    long at = offset;
    while (at != 0) {
      Node n = byOffset.get(at);
      if (n == null) {
        throw new DicomException(
            file, "a DICOMDIR record points at offset " + at + ", where no record starts");
      }
      if (!seen.add(at)) {
        throw new DicomException(
            file, "DICOMDIR record " + n.index() + " is reached twice: its offsets form a loop");
      }
      if (n.inUse()) {
        SeriesBuilder below = series;
        String patientBelow = patient;
        if (n.type().equals("PATIENT")) {
          patientBelow = n.get(DicomParser.PATIENT_ID);
        } else if (n.type().equals("SERIES")) {
          below = new SeriesBuilder(n, patient);
        } else if (series != null && !n.get(FILE_ID).isEmpty()) {
          series.files.add(fileRecord(file, folder, n));
        }
        long lower = n.offset(LOWER);
        if (lower != 0) {
          walk(file, folder, byOffset, lower, below, patientBelow, out, seen, depth + 1);
        }
        if (below != series) {
          out.add(below.build());
        }
      }
      at = n.offset(NEXT);
    }
  }

  private static FileRecord fileRecord(Path file, Path folder, Node n) throws IOException {
    String id = n.get(FILE_ID);
    String label =
        "ReferencedFileID (0004,1500) of DICOMDIR record " + n.index() + " (" + n.type() + ")";
    String relative = id.replace('\\', '/');
    Path p = ContainedPaths.resolve(folder, label, relative, m -> new DicomException(file, m));
    FileRecord r = new FileRecord(n.index(), n.type(), id, p, n.get(REF_SOP_CLASS));
    if (!Files.isRegularFile(p)) {
      throw new DicomException(file, r.label() + " names " + p + ", which does not exist");
    }
    return r;
  }

  private static final class SeriesBuilder {
    final Node node;
    final String patientId;
    final List<FileRecord> files = new ArrayList<>();

    SeriesBuilder(Node node, String patientId) {
      this.node = node;
      this.patientId = patientId;
    }

    Series build() {
      String d = node.get(DicomParser.SERIES_DESCRIPTION);
      String pid = patientId;
      return new Series(
          node.get(DicomParser.SERIES_INSTANCE_UID),
          node.get(DicomParser.MODALITY),
          d.isEmpty() ? Optional.empty() : Optional.of(d),
          pid.isEmpty() ? Optional.empty() : Optional.of(pid),
          List.copyOf(files));
    }
  }
}
