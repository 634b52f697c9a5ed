package org.lungnodule.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.Mask;
import org.lungnodule.core.preprocess.Resampler;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomSeg;
import org.lungnodule.io.dicom.DicomSegmentation;
import org.lungnodule.io.dicom.DicomSeries;
import org.lungnodule.io.dicom.SegmentToWrite;
import org.lungnodule.models.maskrcnn.DetectedNodule;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.lungnodule.models.maskrcnn.ScanSegmentation;
import org.lungnodule.phantom.Phantom;
import org.lungnodule.phantom.PhantomSize;
import org.lungnodule.phantom.SiteProfile;
import org.lungnodule.phantom.segmenter.PhantomSegmenter;

/**
 * Segments the nodules of a DICOM CT series with a two-stage segmenter and writes them back as a
 * DICOM SEG that references the series, one segment per nodule with its score in the segment
 * description: what a CAD vendor sends back to a PACS. Without arguments it writes a synthetic
 * {@code PUBLIC} phantom scan as a DICOM series, uses the segmenter bundled with the library
 * ({@code lungnodule-phantom-segmenter}) and writes {@code nodules-seg.dcm} next to the series.
 *
 * <p>Run: {@code java -cp ... org.lungnodule.examples.SegmentToSegExample [DICOM_FOLDER MODEL.zip
 * OUT.dcm]}
 */
public final class SegmentToSegExample {

  /**
   * What the example did.
   *
   * @param seg the SEG file written, if any nodule covered a voxel of the series
   * @param detections the nodules the segmenter found
   * @param readBack the SEG as read back onto the series' grid
   */
  public record Result(Optional<Path> seg, int detections, Optional<DicomSegmentation> readBack) {}

  private SegmentToSegExample() {}

  /** Main: the folder, model and output given, or the synthetic defaults. */
  public static void main(String[] args) throws IOException {
    Result r;
    if (args.length == 3) {
      r = run(Path.of(args[0]), NoduleSegmenter.load(Path.of(args[1])), 0.5, Path.of(args[2]));
    } else {
      Path dir = Files.createTempDirectory("lungnodule-seg");
      r =
          run(
              writeSyntheticSeries(dir),
              bundledSegmenter(dir),
              0.5,
              dir.resolve("nodules-seg.dcm"));
    }
    System.out.println("nodules found: " + r.detections());
    System.out.println("SEG: " + r.seg().map(Path::toString).orElse("not written (no nodule)"));
    r.readBack()
        .ifPresent(
            s ->
                s.segments()
                    .forEach(
                        g ->
                            System.out.printf(
                                Locale.ROOT,
                                "  segment %d %s: %d voxels%n",
                                g.number(),
                                g.label(),
                                g.mask().count())));
  }

  /**
   * Reads the series in {@code dir}, segments it keeping nodules scoring at least {@code minScore},
   * and writes their masks, on the series' own grid, as a SEG to {@code out}.
   *
   * @throws IOException if the series cannot be read or the SEG not written
   */
  public static Result run(Path dir, NoduleSegmenter segmenter, double minScore, Path out)
      throws IOException {
    DicomSeries series = Dicom.readSeriesWithInfo(dir);
    ScanSegmentation result = segmenter.segment(series.volume(), segmenter.lungField());
    Resampler onto = Resampler.resampleTo(series.volume().geometry());
    List<SegmentToWrite> segments = new ArrayList<>();
    int kept = 0;
    for (DetectedNodule n : result.nodules()) {
      if (n.score() < minScore) {
        continue;
      }
      kept++;
      Mask m = onto.resample(result.mask(n)); // the 1 mm mask back onto the series' grid
      if (!m.isEmpty()) {
        String description = String.format(Locale.ROOT, "score %.4f", n.score());
        segments.add(new SegmentToWrite("nodule " + n.label(), Optional.of(description), m));
      }
    }
    if (segments.isEmpty()) {
      return new Result(Optional.empty(), kept, Optional.empty());
    }
    DicomSeg.write(out, series, segments);
    return new Result(Optional.of(out), kept, Optional.of(DicomSeg.read(out, series)));
  }

  /**
   * Writes scan 0 of the {@code PUBLIC} phantom (quick size) as a DICOM series under {@code dir}.
   */
  public static Path writeSyntheticSeries(Path dir) throws IOException {
    AnnotatedScan scan =
        Phantom.builder()
            .profile(SiteProfile.PUBLIC)
            .size(PhantomSize.QUICK)
            .seed(1)
            .build()
            .scan(0);
    Path out = dir.resolve("series");
    Dicom.writeSeries(scan.volume(), out);
    return out;
  }

  /** The pretrained phantom segmenter that ships with the library, copied to {@code dir}. */
  public static NoduleSegmenter bundledSegmenter(Path dir) throws IOException {
    Path file = dir.resolve(PhantomSegmenter.FILE_NAME);
    try (InputStream in = PhantomSegmenter.openArchive()) {
      Files.copy(in, file);
    }
    return NoduleSegmenter.load(file);
  }
}
