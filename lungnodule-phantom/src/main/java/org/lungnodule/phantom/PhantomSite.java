package org.lungnodule.phantom;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.Progress;
import org.lungnodule.core.Spacing;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomWriteOptions;
import org.lungnodule.io.dicom.TransferSyntax;
import org.lungnodule.io.manifest.ManifestEntry;
import org.lungnodule.io.manifest.ManifestNodule;
import org.lungnodule.io.manifest.SiteManifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic site to disk through the I/O module's writers, one scan at a time (peak memory
 * is one scan, whatever the number of patients):
 *
 * <pre>
 *   DIR/manifest.csv                            written last, atomically
 *   DIR/scans/PUBLIC-0001-S1/IM00001.dcm ...    one DICOM series per scan (or scans/ID.mhd)
 *   DIR/masks/PUBLIC-0001-N1.mhd (+ .raw)       one MetaImage mask per nodule (optional)
 * </pre>
 *
 * <p>Paths in the manifest are relative to DIR. The DICOM UIDs are made from the phantom's seed and
 * the scan id, so the same phantom writes byte-identical files. Immutable: the {@code with...}
 * methods return a copy.
 *
 * <pre>{@code
 * Phantom hb = Phantom.builder().profile(SiteProfile.HB).seed(7).build();
 * SiteSummary s = PhantomSite.of(hb).withFormat(PhantomSite.ScanFormat.DICOM_RLE).write(dir, 100);
 * }</pre>
 */
public final class PhantomSite {

  private static final Logger LOG = LoggerFactory.getLogger(PhantomSite.class);

  /** How scans are stored. */
  public enum ScanFormat {
    /** DICOM series, Explicit VR Little Endian (uncompressed). */
    DICOM,
    /** DICOM series, RLE Lossless (about 3× smaller for CT). */
    DICOM_RLE,
    /** One MetaImage per scan ({@code .mhd} + {@code .raw}), readable by {@code Site.open}. */
    METAIMAGE;

    /**
     * Parses {@code dicom}, {@code dicom-rle} / {@code rle}, or {@code mhd} / {@code metaimage}.
     */
    public static ScanFormat parse(String text) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "dicom" -> DICOM;
        case "dicom-rle", "dicom_rle", "rle" -> DICOM_RLE;
        case "mhd", "metaimage" -> METAIMAGE;
        default ->
            throw new IllegalArgumentException(
                "scan format must be dicom, dicom-rle or mhd, got " + text);
      };
    }
  }

  private final Phantom phantom;
  private final ScanFormat format;
  private final boolean masks;

  private PhantomSite(Phantom phantom, ScanFormat format, boolean masks) {
    this.phantom = phantom;
    this.format = format;
    this.masks = masks;
  }

  /** A writer of the phantom's site: uncompressed DICOM, with masks. */
  public static PhantomSite of(Phantom phantom) {
    return new PhantomSite(Objects.requireNonNull(phantom, "phantom"), ScanFormat.DICOM, true);
  }

  /** A copy writing scans in the given format. */
  public PhantomSite withFormat(ScanFormat f) {
    return new PhantomSite(phantom, Objects.requireNonNull(f, "format"), masks);
  }

  /** A copy that writes nodule masks ({@code .mhd}) or leaves them out (empty mask_path). */
  public PhantomSite withMasks(boolean write) {
    return new PhantomSite(phantom, format, write);
  }

  /** The phantom. */
  public Phantom phantom() {
    return phantom;
  }

  /** The scan format. */
  public ScanFormat format() {
    return format;
  }

  /** Whether masks are written. */
  public boolean masks() {
    return masks;
  }

  /**
   * The summary of the first {@code patients} patients, without rendering or writing anything (the
   * nodules and spacings only).
   */
  public SiteSummary summarize(int patients) {
    checkPatients(patients);
    Acc acc = new Acc();
    for (int i = 0; i < patients; i++) {
      Phantom.Plan p = phantom.scanPlan(i);
      acc.add(
          p.grid.spacing(),
          p.grid.dims().voxelCount(),
          p.model.nodules.stream().map(n -> n.label).toList());
    }
    return acc.summary(phantom.profile().name(), patients);
  }

  /**
   * Writes patients 0 .. patients-1 into {@code dir}, which must not exist or be empty.
   *
   * @return what was written
   * @throws FileAlreadyExistsException if dir is a non-empty folder or a file
   * @throws IOException if writing fails (the manifest is then not written)
   */
  public SiteSummary write(Path dir, int patients) throws IOException {
    Objects.requireNonNull(dir, "dir");
    checkPatients(patients);
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new FileAlreadyExistsException(dir.toString(), null, "is a file, not a folder");
      }
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        if (ds.iterator().hasNext()) {
          throw new FileAlreadyExistsException(
              dir.toString(), null, "site folder must be empty or not exist");
        }
      }
    }
    Files.createDirectories(dir.resolve("scans"));
    if (masks) {
      Files.createDirectories(dir.resolve("masks"));
    }
    List<ManifestEntry> rows = new ArrayList<>();
    Acc acc = new Acc();
    SiteProfile prof = phantom.profile();
    Progress progress = Progress.logging(LOG, "phantom " + prof.name(), "scans", patients);
    for (int i = 0; i < patients; i++) {
      long t0 = System.nanoTime();
      AnnotatedScan scan = phantom.scan(i);
      String scanRel;
      if (format == ScanFormat.METAIMAGE) {
        scanRel = "scans/" + scan.scanId() + ".mhd";
        VolumeFiles.write(scan.volume(), dir.resolve(scanRel));
      } else {
        scanRel = "scans/" + scan.scanId();
        DicomWriteOptions opts =
            DicomWriteOptions.builder()
                .patientId(scan.patientId())
                .patientName("PHANTOM^" + prof.name())
                .seed(Seeds.mix(phantom.seed(), Seeds.hash(scan.scanId())))
                .transferSyntax(
                    format == ScanFormat.DICOM_RLE
                        ? TransferSyntax.RLE_LOSSLESS
                        : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)
                .seriesDescription(description(prof))
                .build();
        Dicom.writeSeries(scan.volume(), dir.resolve(scanRel), opts);
      }
      List<NoduleLabel> labels = new ArrayList<>();
      for (Nodule n : scan.nodules()) {
        Optional<String> maskRel = Optional.empty();
        if (masks && n.mask().isPresent()) {
          String rel = "masks/" + n.id() + ".mhd";
          VolumeFiles.writeMask(n.mask().get(), dir.resolve(rel));
          maskRel = Optional.of(rel);
        }
        rows.add(
            ManifestEntry.withNodule(
                scan.patientId(),
                scan.scanId(),
                scanRel,
                new ManifestNodule(n.id(), n.centerMm(), n.diameterMm(), n.label(), maskRel)));
        labels.add(n.label());
      }
      if (scan.nodules().isEmpty()) {
        rows.add(ManifestEntry.scanOnly(scan.patientId(), scan.scanId(), scanRel));
      }
      acc.add(scan.volume().spacing(), scan.volume().dims().voxelCount(), labels);
      LOG.debug(
          "wrote {} ({}, {} nodules) in {} ms",
          scan.scanId(),
          scan.volume(),
          scan.nodules().size(),
          (System.nanoTime() - t0) / 1_000_000);
      progress.step();
    }
    new SiteManifest(rows).write(dir.resolve(SiteManifest.FILE_NAME));
    return acc.summary(prof.name(), patients);
  }

  private static String description(SiteProfile p) {
    String d = "lungnodule phantom " + p.name() + " " + p.scannerLabel();
    d = d.replaceAll("[^A-Za-z0-9 ._()-]", " ");
    return d.length() > 64 ? d.substring(0, 64) : d;
  }

  private static void checkPatients(int patients) {
    if (patients < 1) {
      throw new IllegalArgumentException("patients must be at least 1, got " + patients);
    }
  }

  @Override
  public String toString() {
    return "PhantomSite[" + phantom + ", format=" + format + ", masks=" + masks + "]";
  }

  private static final class Acc {
    int benign;
    int malignant;
    double minPx = Double.MAX_VALUE;
    double maxPx;
    double minSl = Double.MAX_VALUE;
    double maxSl;
    long voxels;

    void add(Spacing s, long vox, List<NoduleLabel> labels) {
      minPx = Math.min(minPx, s.xMm());
      maxPx = Math.max(maxPx, s.xMm());
      minSl = Math.min(minSl, s.zMm());
      maxSl = Math.max(maxSl, s.zMm());
      voxels += vox;
      for (NoduleLabel l : labels) {
        if (l == NoduleLabel.MALIGNANT) {
          malignant++;
        } else {
          benign++;
        }
      }
    }

    SiteSummary summary(String site, int patients) {
      return new SiteSummary(
          site, patients, patients, benign, malignant, minPx, maxPx, minSl, maxSl, voxels);
    }
  }
}
