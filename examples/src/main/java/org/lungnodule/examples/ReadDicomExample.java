package org.lungnodule.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Mask;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.core.preprocess.Resampler;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomSeries;
import org.lungnodule.phantom.Phantom;
import org.lungnodule.phantom.PhantomSize;
import org.lungnodule.phantom.SiteProfile;

/**
 * Reads a DICOM CT series, resamples it to 1 mm isotropic and extracts the lung field: the first
 * steps of every job. Without an argument it first writes a synthetic scan (the {@code HB} site's 5
 * mm slices) as a DICOM series into a temporary folder and reads that.
 *
 * <p>Run: {@code java -cp ... org.lungnodule.examples.ReadDicomExample [DICOM_FOLDER]}
 */
public final class ReadDicomExample {

  /**
   * What the example found.
   *
   * @param series the series as read
   * @param isotropic the scan resampled to 1 mm
   * @param lungField the lung field on the 1 mm grid
   */
  public record Result(DicomSeries series, CtVolume isotropic, Mask lungField) {}

  private ReadDicomExample() {}

  /** Main: reads the folder given, or a synthetic series. */
  public static void main(String[] args) throws IOException {
    Path dir =
        args.length > 0
            ? Path.of(args[0])
            : writeSyntheticSeries(Files.createTempDirectory("lungnodule-dicom"));
    Result r = run(dir);
    System.out.println("read:      " + r.series());
    System.out.println("geometry:  " + r.series().volume().geometry());
    System.out.println("1 mm grid: " + r.isotropic().geometry());
    System.out.printf(
        "lung field: %d voxels (%.0f mL)%n", r.lungField().count(), r.lungField().count() / 1000.0);
  }

  /**
   * Reads the series in {@code dir}, resamples it to 1 mm and extracts the lung field.
   *
   * @throws IOException if the folder holds no readable CT series (the message names the file)
   */
  public static Result run(Path dir) throws IOException {
    DicomSeries series = Dicom.readSeriesWithInfo(dir);
    CtVolume iso = Resampler.isotropic(1.0).resample(series.volume());
    Mask lungs = LungField.builder().build().extract(iso);
    return new Result(series, iso, lungs);
  }

  /**
   * Writes one synthetic scan of the {@code HB} phantom site as a DICOM series into {@code dir}.
   *
   * @return {@code dir}
   * @throws IOException if writing fails
   */
  public static Path writeSyntheticSeries(Path dir) throws IOException {
    AnnotatedScan scan =
        Phantom.builder().profile(SiteProfile.HB).size(PhantomSize.QUICK).seed(1).build().scan(0);
    Path out = dir.resolve("series");
    Dicom.writeSeries(scan.volume(), out);
    return out;
  }
}
