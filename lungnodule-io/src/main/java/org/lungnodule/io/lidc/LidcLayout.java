package org.lungnodule.io.lidc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The LIDC XML files under a folder and where their scans are. Two layouts are understood, also
 * mixed in one folder:
 *
 * <ul>
 *   <li><b>LIDC-IDRI</b> (as downloaded from TCIA): the XML lies in the folder of the DICOM series
 *       it annotates ({@code .dcm} files);
 *   <li><b>LUNA16</b>: the scan is a volume named {@code <SeriesInstanceUid>.mhd}, {@code .mha},
 *       {@code .nii} or {@code .nii.gz} anywhere under the folder, the XML anywhere else.
 * </ul>
 *
 * <pre>{@code
 * LidcLayout layout = LidcLayout.scan(Path.of("/data/LIDC-IDRI"));
 * for (Path xml : layout.xmlFiles()) {
 *   LidcCase c = layout.locate(xml);          // parses the XML, finds its scan
 *   LidcCase.Grid g = c.readGrid();           // patient id and grid
 *   List<LidcNodule> nodules = clusterer.cluster(c.message(), g.geometry());
 * }
 * }</pre>
 *
 * <p>Immutable; the folder is walked once, by {@link #scan}.
 */
public final class LidcLayout {

  private static final String[] VOLUME_EXTENSIONS = {".nii.gz", ".mhd", ".mha", ".nii"};

  private final Path root;
  private final List<Path> xmlFiles;
  private final Map<String, Path> volumes;

  private LidcLayout(Path root, List<Path> xmlFiles, Map<String, Path> volumes) {
    this.root = root;
    this.xmlFiles = List.copyOf(xmlFiles);
    this.volumes = Map.copyOf(volumes);
  }

  /**
   * Walks a folder: every {@code .xml} file, and every volume file by its name without extension
   * (the first in path order wins when two share a name).
   *
   * @param dir the folder
   * @return the layout
   * @throws NoSuchFileException if {@code dir} is not a folder
   * @throws IOException if the folder cannot be walked
   */
  public static LidcLayout scan(Path dir) throws IOException {
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      throw new NoSuchFileException(dir.toString(), null, "not a folder");
    }
    List<Path> all;
    try (Stream<Path> s = Files.walk(dir)) {
      all = s.filter(Files::isRegularFile).sorted().toList();
    }
    List<Path> xmls = all.stream().filter(p -> lower(p).endsWith(".xml")).toList();
    Map<String, Path> volumes = new HashMap<>();
    for (Path p : all) {
      String n = p.getFileName().toString();
      String l = n.toLowerCase(Locale.ROOT);
      for (String ext : VOLUME_EXTENSIONS) {
        if (l.endsWith(ext)) {
          volumes.putIfAbsent(n.substring(0, n.length() - ext.length()), p);
          break;
        }
      }
    }
    return new LidcLayout(dir, xmls, volumes);
  }

  /** Returns the folder walked. */
  public Path root() {
    return root;
  }

  /** Returns every {@code .xml} file under the folder, in path order (LIDC or not). */
  public List<Path> xmlFiles() {
    return xmlFiles;
  }

  /**
   * Parses one XML file and finds its scan: the DICOM series in the XML's folder if that folder
   * holds {@code .dcm} files, else the volume named by the series UID. Reads no scan data.
   *
   * @param xml one of {@link #xmlFiles()}
   * @return the XML with its scan's location
   * @throws LidcXmlException if the XML is refused ({@link LidcXmlException#notLidc()} tells a file
   *     of another kind from a broken LIDC file)
   * @throws LidcScanException if the XML names no series ({@link
   *     LidcScanException.Problem#NO_SERIES_UID}) or no scan of its series is found ({@link
   *     LidcScanException.Problem#SCAN_NOT_FOUND})
   * @throws IOException if the XML or its folder cannot be read
   */
  public LidcCase locate(Path xml) throws IOException {
    LidcReadMessage m = LidcXml.parse(xml);
    String uid =
        m.seriesInstanceUid()
            .orElseThrow(
                () ->
                    new LidcScanException(
                        xml,
                        null,
                        LidcScanException.Problem.NO_SERIES_UID,
                        "no SeriesInstanceUid in the ResponseHeader",
                        null));
    Path folder = xml.toAbsolutePath().getParent();
    boolean hasDicom;
    try (Stream<Path> s = Files.list(folder)) {
      hasDicom = s.anyMatch(p -> lower(p).endsWith(".dcm"));
    }
    if (hasDicom) {
      return new LidcCase(xml, m, uid, folder, true);
    }
    Path v = volumes.get(uid);
    if (v == null) {
      throw new LidcScanException(
          xml,
          uid,
          LidcScanException.Problem.SCAN_NOT_FOUND,
          "no scan for series "
              + uid
              + " (no .dcm files beside the XML, no "
              + uid
              + ".mhd/.mha/.nii/.nii.gz under "
              + root
              + ")",
          null);
    }
    return new LidcCase(xml, m, uid, v, false);
  }

  private static String lower(Path p) {
    return p.getFileName().toString().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "LidcLayout[" + root + ", " + xmlFiles.size() + " XML, " + volumes.size() + " volumes]";
  }
}
