package org.lungnodule.io.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.io.internal.ContainedPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local site on disk: a folder with {@code manifest.csv} (see {@link SiteManifest}) and the scans
 * and masks it names. Scans are read lazily, one at a time, when {@link #load} is called or the
 * iteration reaches them, so a site of hundreds of scans never sits in memory at once.
 *
 * <pre>{@code
 * Site site = Site.open(Path.of("/data/hb"));
 * for (AnnotatedScan scan : site) {   // reads each volume when reached
 *   ...
 * }
 * }</pre>
 *
 * <p>A manifest with the optional {@code split} column records a patient-level train/test split;
 * {@link #split(ManifestSplit)} gives the scans of one side as a site view, so that training code
 * never meets a test patient:
 *
 * <pre>{@code
 * Site train = site.split(ManifestSplit.TRAIN).orElse(site);   // all rows when there is no split
 * }</pre>
 *
 * <p>Immutable and thread-safe (each load reads the files anew).
 */
public final class Site implements Iterable<AnnotatedScan> {

  private static final Logger LOG = LoggerFactory.getLogger(Site.class);

  private final Path folder;
  private final SiteManifest manifest;
  private final ManifestPaths paths;

  /** The manifest as read from the file (line numbers of messages count its rows). */
  private final SiteManifest file;

  /** The side this view holds, empty for the whole site. */
  private final Optional<ManifestSplit> side;

  private Site(
      Path folder,
      SiteManifest manifest,
      ManifestPaths paths,
      SiteManifest file,
      Optional<ManifestSplit> side) {
    this.folder = folder;
    this.manifest = manifest;
    this.paths = paths;
    this.file = file;
    this.side = side;
  }

  /**
   * Opens a site folder and reads and checks its {@code manifest.csv} ({@link SiteManifest#read});
   * its paths must stay inside the folder ({@link ManifestPaths#INSIDE_FOLDER}). No scan is read
   * yet.
   *
   * @throws NoSuchFileException if the folder has no manifest
   * @throws ManifestException naming the line of the first problem in the manifest
   * @throws IOException if the manifest cannot be read
   */
  public static Site open(Path folder) throws IOException {
    return open(folder, ManifestPaths.INSIDE_FOLDER);
  }

  /**
   * Opens a site folder as {@link #open(Path)}, with a choice of where the manifest's paths may
   * lead: {@link ManifestPaths#TRUSTED} lets a manifest you wrote yourself name scans and masks
   * elsewhere (absolute paths, {@code ..}, links to other disks).
   *
   * @throws NoSuchFileException if the folder has no manifest
   * @throws ManifestException naming the line of the first problem in the manifest
   * @throws IOException if the manifest cannot be read
   */
  public static Site open(Path folder, ManifestPaths paths) throws IOException {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(paths, "paths");
    Path abs = folder.toAbsolutePath().normalize();
    Path csv = abs.resolve(SiteManifest.FILE_NAME);
    if (!Files.isRegularFile(csv)) {
      throw new NoSuchFileException(
          csv.toString(), null, "no " + SiteManifest.FILE_NAME + " in site folder " + abs);
    }
    SiteManifest m = SiteManifest.read(csv, paths);
    LOG.info("opened site {}: {}", abs, m);
    return new Site(abs, m, paths, m, Optional.empty());
  }

  /**
   * Writes a site: each scan's volume to {@code scans/<scanId><extension>}, each nodule mask to
   * {@code masks/<scanId>_<noduleId><extension>}, and {@code manifest.csv} last (atomically), so
   * that a folder with a manifest is always complete. Ids are made file-name safe by replacing
   * characters other than letters, digits, {@code . _ -} with {@code _}. Each scan's volume is only
   * needed while it is written, so {@code scans} may produce them lazily.
   *
   * @param folder the site folder (created if needed)
   * @param scans the scans with their nodules (nodule labels and optional masks are kept)
   * @param extension {@code .mhd}, {@code .mha}, {@code .nii} or {@code .nii.gz}
   * @return the manifest written
   * @throws IllegalArgumentException for an unknown extension, or rows the manifest refuses
   * @throws IOException if writing fails
   */
  public static SiteManifest write(Path folder, Iterable<AnnotatedScan> scans, String extension)
      throws IOException {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(scans, "scans");
    String ext = extension.toLowerCase(Locale.ROOT);
    VolumeFiles.formatOf(Path.of("x" + ext));
    Files.createDirectories(folder.resolve("scans"));
    List<ManifestEntry> rows = new ArrayList<>();
    for (AnnotatedScan s : scans) {
      String scanRel = "scans/" + safe(s.scanId()) + ext;
      VolumeFiles.write(s.volume(), folder.resolve(scanRel));
      if (s.nodules().isEmpty()) {
        rows.add(ManifestEntry.scanOnly(s.patientId(), s.scanId(), scanRel));
      }
      for (Nodule n : s.nodules()) {
        Optional<String> maskRel = Optional.empty();
        if (n.mask().isPresent()) {
          Files.createDirectories(folder.resolve("masks"));
          String rel = "masks/" + safe(s.scanId()) + "_" + safe(n.id()) + ext;
          VolumeFiles.writeMask(n.mask().get(), folder.resolve(rel));
          maskRel = Optional.of(rel);
        }
        rows.add(
            ManifestEntry.withNodule(
                s.patientId(),
                s.scanId(),
                scanRel,
                new ManifestNodule(n.id(), n.centerMm(), n.diameterMm(), n.label(), maskRel)));
      }
    }
    SiteManifest m = new SiteManifest(rows);
    m.write(folder.resolve(SiteManifest.FILE_NAME));
    return m;
  }

  /** Makes an id file-name safe ({@link ContainedPaths#safeFileName}). */
  static String safe(String id) {
    return ContainedPaths.safeFileName(id);
  }

  /** Returns the site folder (absolute). */
  public Path folder() {
    return folder;
  }

  /**
   * Returns the manifest: the rows of {@code manifest.csv}, or in a {@link #split(ManifestSplit)}
   * view the rows of its side only.
   */
  public SiteManifest manifest() {
    return manifest;
  }

  /**
   * Returns whether the manifest records a patient-level split (the optional {@code split} column,
   * {@link SiteManifest#hasSplit()}). A {@link #split(ManifestSplit)} view answers for the file it
   * came from.
   */
  public boolean hasSplit() {
    return file.hasSplit();
  }

  /**
   * Returns the side of the split one scan (and so its patient) is on.
   *
   * @param scanId a scan id of this site (or view)
   * @return the side, or empty when the manifest has no {@code split} column
   * @throws IllegalArgumentException if the scan id is not in this site (or view)
   */
  public Optional<ManifestSplit> splitOf(String scanId) {
    Objects.requireNonNull(scanId, "scanId");
    List<ManifestEntry> rows = manifest.rowsOf(scanId);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("scan id " + scanId + " is not in " + describe());
    }
    return rows.get(0).split();
  }

  /**
   * Returns a view of this site that holds only the rows on one side of its patient-level split:
   * iterating it, {@link #load}, {@link #scanIds()}, {@link #patientIds()} and {@link #manifest()}
   * see those scans and patients only (in manifest order), and {@link #load} refuses a scan of the
   * other side. Nothing is read from disk; messages about a row still name its line in {@code
   * manifest.csv}.
   *
   * <p>A site whose manifest has no {@code split} column has no split: the result is then empty,
   * and a caller that wants "the training scans, or every scan when nothing is held out" writes
   * {@code site.split(ManifestSplit.TRAIN).orElse(site)}. A side without any patient gives an empty
   * view (no scans, {@link #scanCount()} 0), not an empty {@code Optional}.
   *
   * <p>A view of a view filters the rows it holds: the same side gives the same scans, the other
   * side an empty view.
   *
   * @param side {@link ManifestSplit#TRAIN} or {@link ManifestSplit#TEST}
   * @return the view, or empty when the manifest records no split
   */
  public Optional<Site> split(ManifestSplit side) {
    Objects.requireNonNull(side, "side");
    if (!file.hasSplit()) {
      return Optional.empty();
    }
    List<ManifestEntry> rows =
        manifest.entries().stream().filter(e -> e.split().orElseThrow() == side).toList();
    return Optional.of(new Site(folder, new SiteManifest(rows), paths, file, Optional.of(side)));
  }

  /**
   * Returns the side of the split this site view holds ({@link #split(ManifestSplit)}), or empty
   * for a whole site.
   */
  public Optional<ManifestSplit> side() {
    return side;
  }

  /**
   * Returns where the manifest's paths may lead (as given to {@link #open(Path, ManifestPaths)}).
   */
  public ManifestPaths paths() {
    return paths;
  }

  /** Returns the scan ids in manifest order. */
  public List<String> scanIds() {
    return manifest.scanIds();
  }

  /** Returns the patient ids in manifest order. */
  public List<String> patientIds() {
    return manifest.patientIds();
  }

  /** Returns the number of scans. */
  public int scanCount() {
    return manifest.scanIds().size();
  }

  /**
   * Reads one scan with its nodules; masks named in the manifest are read and attached.
   *
   * @throws IllegalArgumentException if the scan id is not in the manifest (or, in a {@link
   *     #split(ManifestSplit)} view, not on its side)
   * @throws ManifestException naming the line if a nodule centre lies outside the scan, or the scan
   *     or a mask cannot be read (the cause says why)
   */
  public AnnotatedScan load(String scanId) throws ManifestException {
    if (manifest.rowsOf(scanId).isEmpty()) {
      throw new IllegalArgumentException("scan id " + scanId + " is not in " + describe());
    }
    List<Integer> lines = new ArrayList<>();
    List<ManifestEntry> rows = new ArrayList<>();
    List<ManifestEntry> all = file.entries();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).scanId().equals(scanId)) {
        rows.add(all.get(i));
        lines.add(i + 2);
      }
    }
    Path csv = folder.resolve(SiteManifest.FILE_NAME);
    ManifestEntry first = rows.get(0);
    Path scanFile =
        SiteManifest.resolve(csv, folder, lines.get(0), "scan_path", first.scanPath(), paths);
    CtVolume volume;
    try {
      volume = VolumeFiles.read(scanFile);
    } catch (IOException e) {
      throw new ManifestException(
          csv, lines.get(0), "cannot read scan " + first.scanPath() + ": " + e.getMessage(), e);
    }
    Map<String, Mask> masks = new HashMap<>();
    List<Nodule> nodules = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      ManifestEntry e = rows.get(r);
      if (e.nodule().isEmpty()) {
        continue;
      }
      ManifestNodule n = e.nodule().get();
      SiteManifest.checkInside(csv, lines.get(r), e, n, volume.geometry());
      Nodule nodule = Nodule.of(n.noduleId(), n.centerMm(), n.diameterMm(), n.label());
      if (n.maskPath().isPresent()) {
        String mp = n.maskPath().get();
        Mask mask = masks.get(mp);
        if (mask == null) {
          Path maskFile = SiteManifest.resolve(csv, folder, lines.get(r), "mask_path", mp, paths);
          try {
            mask = VolumeFiles.readMask(maskFile);
          } catch (IOException ex) {
            throw new ManifestException(
                csv, lines.get(r), "cannot read mask " + mp + ": " + ex.getMessage(), ex);
          }
          masks.put(mp, mask);
        }
        nodule = nodule.withMask(mask);
      }
      nodules.add(nodule);
    }
    LOG.debug("loaded scan {} ({}) with {} nodules", scanId, volume, nodules.size());
    return new AnnotatedScan(first.patientId(), scanId, volume, nodules);
  }

  /**
   * Iterates the scans in manifest order, reading each when {@code next()} is called. A failure is
   * thrown from {@code next()} as an {@link UncheckedIOException} wrapping the {@link
   * ManifestException}.
   */
  @Override
  public Iterator<AnnotatedScan> iterator() {
    List<String> ids = scanIds();
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < ids.size();
      }

      @Override
      public AnnotatedScan next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        String id = ids.get(next++);
        try {
          return load(id);
        } catch (ManifestException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  /** Returns the scans as a sequential, lazy stream (same semantics as {@link #iterator()}). */
  public Stream<AnnotatedScan> stream() {
    return StreamSupport.stream(
        Spliterators.spliterator(
            iterator(), scanCount(), Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  private String describe() {
    return side.map(s -> "the " + s.csvValue() + " side of the manifest of ")
            .orElse("the manifest of ")
        + folder;
  }

  @Override
  public String toString() {
    return "Site["
        + folder
        + ", "
        + side.map(s -> "split " + s.csvValue() + ", ").orElse("")
        + manifest
        + "]";
  }
}
