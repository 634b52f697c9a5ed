package org.lungnodule.io.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists and reads the series of a folder through its DICOMDIR: the series come from the SERIES
 * records, their images from the IMAGE records below them. Listing opens only the first image of
 * each CT series (for its size and transfer syntax) and the Enhanced CT images (for their frame
 * count); reading opens the files of the one series chosen.
 */
final class DicomDirScan {

  private static final Logger LOG = LoggerFactory.getLogger(DicomDirScan.class);

  private DicomDirScan() {}

  /** The IMAGE records of a series, and whether it is CT (Modality CT, or none). */
  private record Images(DicomDir.Series series, List<DicomDir.FileRecord> images, boolean ct) {}

  private static List<Images> images(DicomDir d) {
    List<Images> out = new ArrayList<>();
    for (DicomDir.Series s : d.series) {
      List<DicomDir.FileRecord> images =
          s.files().stream().filter(f -> f.type().equals("IMAGE")).toList();
      String modality = s.modality().trim();
      out.add(new Images(s, images, modality.isEmpty() || modality.equalsIgnoreCase("CT")));
    }
    return out;
  }

  /**
   * Lists the series a folder's DICOMDIR names.
   *
   * @throws DicomSeriesException if it names no CT image
   * @throws DicomException if the DICOMDIR or a file opened is malformed, or a record names a
   *     missing file or one outside the folder
   * @throws IOException if a file cannot be read
   */
  static DicomFolderContents contents(Path dir, DicomDir d) throws IOException {
    long t0 = System.nanoTime();
    Path dicomdir = d.file;
    Map<String, Integer> skipped = new TreeMap<>();
    int withoutPixels = 0;
    List<DicomSeriesInfo> infos = new ArrayList<>();
    int opened = 0;
    int listed = 0;
    for (Images im : images(d)) {
      listed += im.series().files().size();
      withoutPixels += im.series().files().size() - im.images().size();
      if (im.images().isEmpty()) {
        continue;
      }
      if (!im.ct()) {
        skipped.merge(im.series().modality().trim(), im.images().size(), Integer::sum);
        continue;
      }
      SliceHeader first = DicomParser.readHeader(im.images().get(0).file());
      opened++;
      int slices = 0;
      for (DicomDir.FileRecord f : im.images()) {
        if (f.sopClassUid().equals(EnhancedCt.ENHANCED_CT)
            || f.sopClassUid().equals(EnhancedCt.LEGACY_CONVERTED_CT)) {
          SliceHeader h = f == im.images().get(0) ? first : DicomParser.readHeader(f.file());
          opened += f == im.images().get(0) ? 0 : 1;
          slices += Math.max(1, h.numberOfFrames);
        } else {
          slices++;
        }
      }
      infos.add(
          new DicomSeriesInfo(
              im.series().seriesInstanceUid(),
              slices,
              first.columns,
              first.rows,
              im.series().description().or(() -> nonEmpty(first.seriesDescription)),
              nonEmpty(im.series().modality().trim()).or(() -> nonEmpty(first.modality)),
              im.series().patientId().or(() -> nonEmpty(first.patientId)),
              first.transferSyntaxUid,
              dir));
    }
    if (infos.isEmpty()) {
      throw new DicomSeriesException(
          dir,
          "the DICOMDIR lists no CT image ("
              + listed
              + " files in "
              + d.series.size()
              + " series"
              + (skipped.isEmpty() ? "" : "; other modalities " + skipped)
              + ")");
    }
    LOG.debug(
        "{}: {} series from the DICOMDIR ({} files listed, {} opened) in {} ms",
        dir,
        infos.size(),
        listed,
        opened,
        (System.nanoTime() - t0) / 1_000_000);
    return new DicomFolderContents(dir, infos, skipped, 0, withoutPixels, 0, Optional.of(dicomdir));
  }

  /**
   * Reads the headers of the files of the series to read: the one with the UID asked for, or the
   * one CT series of the DICOMDIR.
   *
   * @throws MultipleSeriesException if the UID is not listed, or several CT series are
   * @throws DicomSeriesException if the DICOMDIR lists no CT image
   * @throws NotDicomException if a file the DICOMDIR names is not DICOM
   * @throws DicomException as {@link #contents}
   */
  static SeriesAssembler.Scan series(Path dir, DicomDir d, DicomReadOptions opt)
      throws IOException {
    Path dicomdir = d.file;
    List<Images> all = images(d);
    Images chosen = null;
    if (opt.seriesInstanceUid().isPresent()) {
      String uid = opt.seriesInstanceUid().get();
      for (Images im : all) {
        if (im.series().seriesInstanceUid().equals(uid) && !im.images().isEmpty()) {
          chosen = im;
          break;
        }
      }
      if (chosen == null) {
        DicomFolderContents c = contents(dir, d);
        throw new MultipleSeriesException(
            dir,
            "the DICOMDIR lists no series with SeriesInstanceUID "
                + uid
                + "; found "
                + c.series().size(),
            c.series());
      }
    } else {
      List<Images> ct = all.stream().filter(im -> im.ct() && !im.images().isEmpty()).toList();
      if (ct.size() > 1) {
        DicomFolderContents c = contents(dir, d);
        throw new MultipleSeriesException(
            dir, "the DICOMDIR lists " + ct.size() + " CT series", c.series());
      }
      if (ct.isEmpty()) {
        contents(dir, d); // throws, saying what the DICOMDIR lists
        throw new DicomSeriesException(dir, "the DICOMDIR lists no CT image");
      }
      chosen = ct.get(0);
    }
    List<Path> files = chosen.images().stream().map(DicomDir.FileRecord::file).toList();
    LOG.debug(
        "{}: reading series {} ({} files) named by {}",
        dir,
        chosen.series().seriesInstanceUid(),
        files.size(),
        dicomdir.getFileName());
    return SeriesAssembler.classify(dir, files, files.size(), 0, false, true);
  }

  private static Optional<String> nonEmpty(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }
}
