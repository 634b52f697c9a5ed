package org.lungnodule.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.WorldPoint;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.models.classifier.MalignancyClassifier;
import org.lungnodule.models.classifier.NodulePrediction;
import org.lungnodule.models.classifier.ResNet3d;
import org.lungnodule.phantom.Phantom;
import org.lungnodule.phantom.PhantomSize;
import org.lungnodule.phantom.SiteProfile;

/**
 * Scores nodules given by their centres with a malignancy classifier: reads a scan ({@code .mhd},
 * {@code .mha}, {@code .nii(.gz)} or a DICOM folder) and a CSV of centres in world millimetres
 * ({@code x_mm,y_mm,z_mm,diameter_mm} with a header line), resamples, cuts one cube per nodule and
 * prints the probability of malignancy. Without arguments it uses a synthetic scan and its own
 * nodules, and an untrained classifier (scores near 0.5: pass a model trained with {@code
 * bin/lungnodule train-classifier} for real ones).
 *
 * <p>Run: {@code java -cp ... org.lungnodule.examples.ScoreNodulesExample [SCAN CENTRES.csv
 * [MODEL.zip]]}
 */
public final class ScoreNodulesExample {

  private ScoreNodulesExample() {}

  /** Main. */
  public static void main(String[] args) throws IOException {
    CtVolume scan;
    List<Nodule> nodules;
    if (args.length >= 2) {
      scan = VolumeFiles.read(Path.of(args[0]));
      nodules = readCentres(Path.of(args[1]));
    } else {
      AnnotatedScan s =
          Phantom.builder()
              .profile(SiteProfile.PUBLIC)
              .size(PhantomSize.TEST)
              .seed(1)
              .build()
              .scan(0);
      scan = s.volume();
      nodules = s.nodules();
    }
    MalignancyClassifier clf =
        args.length >= 3
            ? MalignancyClassifier.load(Path.of(args[2]))
            : MalignancyClassifier.untrained(ResNet3d.small(), 7);
    for (NodulePrediction p : score(clf, scan, nodules)) {
      System.out.println(p);
    }
  }

  /** Scores each nodule of {@code scan} (the classifier resamples and cuts the cubes). */
  public static List<NodulePrediction> score(
      MalignancyClassifier clf, CtVolume scan, List<Nodule> nodules) {
    return clf.predict(scan, nodules);
  }

  /**
   * Reads {@code x_mm,y_mm,z_mm,diameter_mm} rows (after one header line) as nodules of unknown
   * label named {@code n1}, {@code n2}, ...
   *
   * @throws IOException if the file cannot be read or a row is not four numbers (the message names
   *     the file and line)
   */
  public static List<Nodule> readCentres(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    List<Nodule> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",");
      try {
        if (f.length != 4) {
          throw new NumberFormatException("expected 4 fields, got " + f.length);
        }
        WorldPoint c =
            new WorldPoint(
                Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
        out.add(
            Nodule.of("n" + (out.size() + 1), c, Double.parseDouble(f[3]), NoduleLabel.UNKNOWN));
      } catch (IllegalArgumentException e) {
        throw new IOException(
            csv
                + ": line "
                + (i + 1)
                + ": expected x_mm,y_mm,z_mm,diameter_mm, got '"
                + line
                + "' ("
                + e.getMessage()
                + ")",
            e);
      }
    }
    return out;
  }
}
