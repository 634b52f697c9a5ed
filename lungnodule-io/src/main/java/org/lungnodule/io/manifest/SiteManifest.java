package org.lungnodule.io.manifest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.io.internal.ContainedPaths;
import org.lungnodule.io.internal.Csv;
import org.lungnodule.io.internal.Numbers;

/**
 * A local site's list of scans and nodules, stored as {@code manifest.csv} in the site's folder.
 *
 * <h2>Format</h2>
 *
 * UTF-8 CSV (RFC 4180 quoting), first line exactly:
 *
 * <pre>
 * patient_id,scan_id,scan_path,nodule_id,center_x_mm,center_y_mm,center_z_mm,diameter_mm,label,mask_path
 * </pre>
 *
 * then one row per nodule. A scan without nodules has one row whose six nodule fields ({@code
 * nodule_id} … {@code mask_path}) are empty. Paths are relative to the manifest's folder, with
 * {@code /} as separator; {@code scan_path} names a {@code .mhd}, {@code .mha}, {@code .nii} or
 * {@code .nii.gz} file or a folder holding one DICOM series, {@code mask_path} (optional) a mask in
 * one of those formats, either on the scan's grid or on a crop of it. Centres are world millimetres
 * in the LPS frame (as in DICOM and MetaImage); {@code diameter_mm} is positive; {@code label} is
 * {@code BENIGN}, {@code MALIGNANT} or {@code UNKNOWN} (case-insensitive). All rows of a scan
 * repeat the same {@code patient_id} and {@code scan_path}; nodule ids are unique within a scan.
 * Blank lines are allowed only at the end.
 *
 * <p>The header may end in one more column, {@code split} ({@link #HEADER_WITH_SPLIT}): then every
 * row says which side of a patient-level split it belongs to, {@code train} or {@code test}
 * (case-insensitive, written in lower case; see {@link ManifestSplit}), and all rows of a patient
 * say the same. Manifests without the column read as before, and {@link #write} adds the column
 * only when the rows have a split.
 *
 * <pre>
 * patient_id,scan_id,scan_path,nodule_id,center_x_mm,center_y_mm,center_z_mm,diameter_mm,label,mask_path
 * P001,P001-CT1,scans/P001-CT1.mhd,n1,-92.5,40.25,-130,8.4,MALIGNANT,masks/P001-CT1_n1.mhd
 * P001,P001-CT1,scans/P001-CT1.mhd,n2,60,12.5,-101.75,4.1,BENIGN,
 * P002,P002-CT1,scans/P002-CT1.nii.gz,,,,,,,
 * </pre>
 *
 * <p>{@link #read} checks the syntax, the rules above and that every named file exists, and reports
 * the line of the first problem. Whether each centre lies inside its scan needs the scan's header:
 * {@link #validate(Path)} opens the headers, and {@link Site} checks it as it loads each scan.
 *
 * @param entries the rows in file order (copied); row {@code n} (0-based) is line {@code n + 2}
 */
public record SiteManifest(List<ManifestEntry> entries) {

  /** The manifest's file name in a site folder. */
  public static final String FILE_NAME = "manifest.csv";

  /** The exact header line. */
  public static final String HEADER =
      "patient_id,scan_id,scan_path,nodule_id,center_x_mm,center_y_mm,center_z_mm,diameter_mm,"
          + "label,mask_path";

  /** The name of the optional trailing column. */
  public static final String SPLIT_COLUMN = "split";

  /** The header line of a manifest that records a patient-level split. */
  public static final String HEADER_WITH_SPLIT = HEADER + "," + SPLIT_COLUMN;

  private static final int FIELDS = 10;

  /**
   * Validates the cross-row rules and copies the rows.
   *
   * @throws IllegalArgumentException naming the row (as its line number) if a scan's rows disagree
   *     on patient or path, a nodule id repeats within a scan, a scan has both an empty row and
   *     nodule rows, some rows have a split and others not, or a patient's rows disagree on the
   *     split
   */
  public SiteManifest {
    entries = List.copyOf(entries);
    String problem = crossRowProblem(entries);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Returns the scan ids in order of first appearance. */
  public List<String> scanIds() {
    Set<String> ids = new LinkedHashSet<>();
    for (ManifestEntry e : entries) {
      ids.add(e.scanId());
    }
    return List.copyOf(ids);
  }

  /** Returns the patient ids in order of first appearance. */
  public List<String> patientIds() {
    Set<String> ids = new LinkedHashSet<>();
    for (ManifestEntry e : entries) {
      ids.add(e.patientId());
    }
    return List.copyOf(ids);
  }

  /** Returns the rows of one scan (empty if the id is unknown). */
  public List<ManifestEntry> rowsOf(String scanId) {
    return entries.stream().filter(e -> e.scanId().equals(scanId)).toList();
  }

  /** Returns whether the rows record a patient-level split (the {@code split} column). */
  public boolean hasSplit() {
    return !entries.isEmpty() && entries.get(0).split().isPresent();
  }

  /** Returns the number of nodule rows. */
  public int noduleCount() {
    return (int) entries.stream().filter(e -> e.nodule().isPresent()).count();
  }

  private static String crossRowProblem(List<ManifestEntry> entries) {
    Map<String, ManifestEntry> first = new HashMap<>();
    Map<String, Set<String>> ids = new HashMap<>();
    Set<String> emptyScans = new HashSet<>();
    Map<String, Integer> patientLine = new HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      ManifestEntry e = entries.get(i);
      int line = i + 2;
      String splitProblem = splitProblem(entries, patientLine, i);
      if (splitProblem != null) {
        return splitProblem;
      }
      ManifestEntry f = first.putIfAbsent(e.scanId(), e);
      if (f != null) {
        if (!f.patientId().equals(e.patientId())) {
          return "line "
              + line
              + ": scan "
              + e.scanId()
              + " has patient_id "
              + e.patientId()
              + " but an earlier row says "
              + f.patientId();
        }
        if (!f.scanPath().equals(e.scanPath())) {
          return "line "
              + line
              + ": scan "
              + e.scanId()
              + " has scan_path "
              + e.scanPath()
              + " but an earlier row says "
              + f.scanPath();
        }
      }
      Set<String> seen = ids.computeIfAbsent(e.scanId(), k -> new HashSet<>());
      if (e.nodule().isEmpty()) {
        if (f != null) {
          return "line "
              + line
              + ": scan "
              + e.scanId()
              + " has a row without a nodule besides other rows; a scan without nodules has"
              + " exactly one row";
        }
        emptyScans.add(e.scanId());
      } else {
        if (emptyScans.contains(e.scanId())) {
          return "line "
              + line
              + ": scan "
              + e.scanId()
              + " has a nodule row after a row without a nodule";
        }
        String nid = e.nodule().get().noduleId();
        if (!seen.add(nid)) {
          return "line " + line + ": nodule_id " + nid + " repeats within scan " + e.scanId();
        }
      }
    }
    return null;
  }

  private static String splitProblem(
      List<ManifestEntry> entries, Map<String, Integer> patientLine, int i) {
    ManifestEntry e = entries.get(i);
    int line = i + 2;
    if (e.split().isPresent() != entries.get(0).split().isPresent()) {
      return "line "
          + line
          + ": split is "
          + (e.split().isPresent() ? "set" : "missing")
          + " but on line 2 it is "
          + (e.split().isPresent() ? "missing" : "set")
          + "; either every row has a split or none";
    }
    if (e.split().isEmpty()) {
      return null;
    }
    Integer firstLine = patientLine.putIfAbsent(e.patientId(), line);
    if (firstLine != null) {
      ManifestSplit first = entries.get(firstLine - 2).split().orElseThrow();
      if (first != e.split().get()) {
        return "line "
            + line
            + ": patient "
            + e.patientId()
            + " has split "
            + e.split().get().csvValue()
            + " but line "
            + firstLine
            + " says "
            + first.csvValue()
            + "; all rows of a patient are on one side of the split";
      }
    }
    return null;
  }

  /**
   * Reads and checks a manifest: the header, every field, the cross-row rules, and that each scan
   * and mask file exists inside the manifest's folder ({@link ManifestPaths#INSIDE_FOLDER}).
   *
   * @param csv the manifest file
   * @return the manifest
   * @throws NoSuchFileException if the manifest itself is missing
   * @throws ManifestException naming the line of the first problem (including a path that leads
   *     outside the folder, and bytes that are not UTF-8)
   * @throws IOException if the file cannot be read
   */
  public static SiteManifest read(Path csv) throws IOException {
    return read(csv, ManifestPaths.INSIDE_FOLDER);
  }

  /**
   * Reads and checks a manifest as {@link #read(Path)}, with a choice of where its paths may lead.
   *
   * @param csv the manifest file
   * @param paths {@link ManifestPaths#INSIDE_FOLDER} (the default) or, for a manifest you wrote
   *     yourself, {@link ManifestPaths#TRUSTED}
   * @return the manifest
   * @throws NoSuchFileException if the manifest itself is missing
   * @throws ManifestException naming the line of the first problem
   * @throws IOException if the file cannot be read
   */
  public static SiteManifest read(Path csv, ManifestPaths paths) throws IOException {
    Objects.requireNonNull(csv, "csv");
    Objects.requireNonNull(paths, "paths");
    if (!Files.isRegularFile(csv)) {
      throw new NoSuchFileException(csv.toString(), null, "site manifest not found");
    }
    Path folder = csv.toAbsolutePath().getParent();
    List<ManifestEntry> entries = new ArrayList<>();
    try (Csv.Lines r = Csv.Lines.open(csv, (line, msg) -> new ManifestException(csv, line, msg))) {
      String header = r.next();
      if (header == null) {
        throw new ManifestException(csv, 1, "the file is empty; expected the header " + HEADER);
      }
      if (header.startsWith("\uFEFF")) {
        header = header.substring(1);
      }
      boolean withSplit = header.strip().equals(HEADER_WITH_SPLIT);
      if (!withSplit && !header.strip().equals(HEADER)) {
        throw new ManifestException(
            csv,
            1,
            "the header must be exactly '"
                + HEADER
                + "' (optionally followed by ',"
                + SPLIT_COLUMN
                + "'), got '"
                + ContainedPaths.shown(header.strip())
                + "'");
      }
      int blankAt = 0;
      String line;
      while ((line = r.next()) != null) {
        int lineNo = r.lineNumber();
        if (line.isBlank()) {
          if (blankAt == 0) {
            blankAt = lineNo;
          }
          continue;
        }
        if (blankAt > 0) {
          throw new ManifestException(
              csv,
              blankAt,
              "blank line inside the manifest (only trailing blank lines are allowed)");
        }
        ManifestEntry e = parseRow(csv, lineNo, line, withSplit);
        checkFiles(csv, folder, lineNo, e, paths);
        entries.add(e);
      }
    }
    try {
      return new SiteManifest(entries);
    } catch (IllegalArgumentException e) {
      int line = lineOf(e.getMessage());
      throw new ManifestException(csv, line, e.getMessage().replaceFirst("^line \\d+: ", ""), e);
    }
  }

  private static int lineOf(String msg) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^line (\\d+):").matcher(msg);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private static ManifestEntry parseRow(Path csv, int lineNo, String line, boolean withSplit)
      throws ManifestException {
    List<String> f;
    try {
      f = Csv.split(line);
    } catch (IllegalArgumentException e) {
      throw new ManifestException(csv, lineNo, e.getMessage());
    }
    int fields = withSplit ? FIELDS + 1 : FIELDS;
    if (f.size() != fields) {
      throw new ManifestException(
          csv,
          lineNo,
          "expected "
              + fields
              + " fields, got "
              + f.size()
              + ": '"
              + ContainedPaths.shown(line)
              + "'");
    }
    ManifestEntry e = parseFields(csv, lineNo, f);
    if (!withSplit) {
      return e;
    }
    String v = f.get(FIELDS);
    return e.withSplit(
        ManifestSplit.parse(v)
            .orElseThrow(
                () ->
                    new ManifestException(
                        csv,
                        lineNo,
                        SPLIT_COLUMN
                            + " must be train or test, got '"
                            + ContainedPaths.shown(v)
                            + "'")));
  }

  private static ManifestEntry parseFields(Path csv, int lineNo, List<String> f)
      throws ManifestException {
    String patient = required(csv, lineNo, "patient_id", f.get(0));
    String scan = required(csv, lineNo, "scan_id", f.get(1));
    String path = required(csv, lineNo, "scan_path", f.get(2));
    boolean anyNodule = false;
    boolean allNodule = true;
    for (int i = 3; i < 9; i++) {
      anyNodule |= !f.get(i).isEmpty();
      allNodule &= !f.get(i).isEmpty();
    }
    anyNodule |= !f.get(9).isEmpty();
    if (!anyNodule) {
      return ManifestEntry.scanOnly(patient, scan, path);
    }
    if (!allNodule) {
      String[] names = {
        "nodule_id", "center_x_mm", "center_y_mm", "center_z_mm", "diameter_mm", "label"
      };
      for (int i = 3; i < 9; i++) {
        if (f.get(i).isEmpty()) {
          throw new ManifestException(
              csv,
              lineNo,
              names[i - 3]
                  + " is empty; a nodule row needs nodule_id, the centre, diameter_mm and label"
                  + " (leave all six nodule fields and mask_path empty for a scan without nodules)");
        }
      }
    }
    double x = number(csv, lineNo, "center_x_mm", f.get(4));
    double y = number(csv, lineNo, "center_y_mm", f.get(5));
    double z = number(csv, lineNo, "center_z_mm", f.get(6));
    double d = number(csv, lineNo, "diameter_mm", f.get(7));
    if (!(d > 0)) {
      throw new ManifestException(csv, lineNo, "diameter_mm must be positive, got " + f.get(7));
    }
    NoduleLabel label;
    switch (f.get(8).toUpperCase(Locale.ROOT)) {
      case "BENIGN" -> label = NoduleLabel.BENIGN;
      case "MALIGNANT" -> label = NoduleLabel.MALIGNANT;
      case "UNKNOWN" -> label = NoduleLabel.UNKNOWN;
      default ->
          throw new ManifestException(
              csv,
              lineNo,
              "unknown label '" + f.get(8) + "'; expected BENIGN, MALIGNANT or UNKNOWN");
    }
    Optional<String> mask = f.get(9).isEmpty() ? Optional.empty() : Optional.of(f.get(9));
    return ManifestEntry.withNodule(
        patient, scan, path, new ManifestNodule(f.get(3), new WorldPoint(x, y, z), d, label, mask));
  }

  private static String required(Path csv, int line, String name, String v)
      throws ManifestException {
    if (v.isEmpty()) {
      throw new ManifestException(csv, line, name + " is empty");
    }
    return v;
  }

  private static double number(Path csv, int line, String name, String v) throws ManifestException {
    try {
      double d = Double.parseDouble(v);
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ManifestException(csv, line, name + " must be a finite number, got '" + v + "'");
  }

  private static void checkFiles(
      Path csv, Path folder, int line, ManifestEntry e, ManifestPaths paths) throws IOException {
    Path scan = resolve(csv, folder, line, "scan_path", e.scanPath(), paths);
    if (!Files.exists(scan)) {
      throw new ManifestException(
          csv,
          line,
          "scan_path "
              + ContainedPaths.shown(e.scanPath())
              + " does not exist (looked for "
              + scan
              + ")");
    }
    if (e.nodule().isPresent() && e.nodule().get().maskPath().isPresent()) {
      String m = e.nodule().get().maskPath().get();
      Path mask = resolve(csv, folder, line, "mask_path", m, paths);
      if (!Files.isRegularFile(mask)) {
        throw new ManifestException(
            csv,
            line,
            "mask_path " + ContainedPaths.shown(m) + " does not exist (looked for " + mask + ")");
      }
    }
  }

  /**
   * Resolves a path of the manifest against its folder under a policy.
   *
   * @throws ManifestException naming the line and column if the path is invalid or, under {@link
   *     ManifestPaths#INSIDE_FOLDER}, leads outside the folder
   */
  static Path resolve(
      Path csv, Path folder, int line, String key, String value, ManifestPaths paths)
      throws ManifestException {
    try {
      if (paths == ManifestPaths.TRUSTED) {
        try {
          return folder.toAbsolutePath().resolve(value).normalize();
        } catch (InvalidPathException ex) {
          throw new ManifestException(
              csv,
              line,
              key
                  + " '"
                  + ContainedPaths.shown(value)
                  + "' is not a valid path: "
                  + ex.getReason());
        }
      }
      return ContainedPaths.resolve(
          folder,
          key,
          value,
          msg ->
              new ManifestException(
                  csv,
                  line,
                  msg + " (a manifest you wrote yourself may allow it: ManifestPaths.TRUSTED)"));
    } catch (ManifestException ex) {
      throw ex;
    } catch (IOException ex) {
      throw new ManifestException(
          csv, line, key + " '" + ContainedPaths.shown(value) + "' cannot be resolved: " + ex, ex);
    }
  }

  /**
   * Opens the header of every scan (relative to {@code folder}, which its paths must not leave) and
   * checks that each nodule centre lies inside its scan, and that each mask file's header is
   * readable. Reads no voxel data of MetaImage or NIfTI files (a DICOM series is read whole).
   *
   * @param folder the folder the paths are relative to (the manifest's folder)
   * @throws ManifestException naming the line (row index + 2) of the first problem
   */
  public void validate(Path folder) throws ManifestException {
    validate(folder, ManifestPaths.INSIDE_FOLDER);
  }

  /**
   * Same as {@link #validate(Path)}, with a choice of where the paths may lead.
   *
   * @param folder the folder the paths are relative to (the manifest's folder)
   * @param paths {@link ManifestPaths#INSIDE_FOLDER} or {@link ManifestPaths#TRUSTED}
   * @throws ManifestException naming the line (row index + 2) of the first problem
   */
  public void validate(Path folder, ManifestPaths paths) throws ManifestException {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(paths, "paths");
    Path csv = folder.resolve(FILE_NAME);
    Map<String, VolumeGeometry> geometries = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      ManifestEntry e = entries.get(i);
      int line = i + 2;
      VolumeGeometry g = geometries.get(e.scanId());
      if (g == null) {
        Path scan = resolve(csv, folder, line, "scan_path", e.scanPath(), paths);
        try {
          g = VolumeFiles.readGeometry(scan);
        } catch (IOException ex) {
          throw new ManifestException(
              csv, line, "cannot read scan " + e.scanPath() + ": " + ex.getMessage(), ex);
        }
        geometries.put(e.scanId(), g);
      }
      if (e.nodule().isPresent()) {
        ManifestNodule n = e.nodule().get();
        checkInside(csv, line, e, n, g);
        if (n.maskPath().isPresent()) {
          Path mask = resolve(csv, folder, line, "mask_path", n.maskPath().get(), paths);
          try {
            VolumeFiles.readGeometry(mask);
          } catch (IOException ex) {
            throw new ManifestException(
                csv, line, "cannot read mask " + n.maskPath().get() + ": " + ex.getMessage(), ex);
          }
        }
      }
    }
  }

  static void checkInside(Path csv, int line, ManifestEntry e, ManifestNodule n, VolumeGeometry g)
      throws ManifestException {
    if (!g.containsWorld(n.centerMm())) {
      WorldPoint c = n.centerMm();
      WorldPoint lo = g.voxelToWorld(0, 0, 0);
      WorldPoint hi = g.voxelToWorld(g.dims().nx() - 1, g.dims().ny() - 1, g.dims().nz() - 1);
      throw new ManifestException(
          csv,
          line,
          "centre ("
              + Numbers.num(c.xMm())
              + ", "
              + Numbers.num(c.yMm())
              + ", "
              + Numbers.num(c.zMm())
              + ") mm of nodule "
              + n.noduleId()
              + " lies outside scan "
              + e.scanId()
              + " ("
              + g.dims()
              + " voxels, first voxel centre ("
              + fmt(lo)
              + "), last ("
              + fmt(hi)
              + ") mm)");
    }
  }

  private static String fmt(WorldPoint p) {
    return String.format(Locale.ROOT, "%.2f, %.2f, %.2f", p.xMm(), p.yMm(), p.zMm());
  }

  /**
   * Writes the manifest atomically (temporary file, then move), with the {@code split} column when
   * the rows have a split ({@link #hasSplit()}).
   *
   * @param csv the target file, normally {@code <site folder>/manifest.csv}
   * @throws IOException if writing fails
   */
  public void write(Path csv) throws IOException {
    Objects.requireNonNull(csv, "csv");
    Path temp = AtomicFiles.tempBeside(csv);
    try {
      try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        w.write(hasSplit() ? HEADER_WITH_SPLIT : HEADER);
        w.write('\n');
        for (ManifestEntry e : entries) {
          w.write(row(e));
          if (e.split().isPresent()) {
            w.write(',');
            w.write(e.split().get().csvValue());
          }
          w.write('\n');
        }
      }
      AtomicFiles.moveInto(temp, csv);
    } finally {
      AtomicFiles.deleteQuietly(temp);
    }
  }

  private static String row(ManifestEntry e) {
    StringBuilder sb = new StringBuilder();
    sb.append(Csv.quote(e.patientId())).append(',');
    sb.append(Csv.quote(e.scanId())).append(',');
    sb.append(Csv.quote(e.scanPath())).append(',');
    if (e.nodule().isEmpty()) {
      sb.append(",,,,,,");
    } else {
      ManifestNodule n = e.nodule().get();
      sb.append(Csv.quote(n.noduleId())).append(',');
      sb.append(Numbers.num(n.centerMm().xMm())).append(',');
      sb.append(Numbers.num(n.centerMm().yMm())).append(',');
      sb.append(Numbers.num(n.centerMm().zMm())).append(',');
      sb.append(Numbers.num(n.diameterMm())).append(',');
      sb.append(n.label().name()).append(',');
      sb.append(n.maskPath().map(Csv::quote).orElse(""));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "SiteManifest["
        + scanIds().size()
        + " scans, "
        + patientIds().size()
        + " patients, "
        + noduleCount()
        + " nodules]";
  }
}
