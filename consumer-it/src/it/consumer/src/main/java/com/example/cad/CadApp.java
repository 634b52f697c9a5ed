package com.example.cad;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.core.preprocess.Resampler;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.metrics.ClassificationMetrics;
import org.lungnodule.metrics.ClassificationReport;
import org.lungnodule.metrics.SegmentationMetrics;
import org.lungnodule.metrics.SegmentationScores;
import org.lungnodule.models.classifier.MalignancyClassifier;
import org.lungnodule.models.classifier.NodulePrediction;
import org.lungnodule.models.classifier.ResNet3d;
import org.lungnodule.phantom.Phantom;
import org.lungnodule.phantom.PhantomSize;
import org.lungnodule.phantom.SiteProfile;

/**
 * A CAD vendor's small application, written from the README alone: read a DICOM series, resample
 * it, extract the lung field, measure a Dice and an AUC, run the classifier.
 */
public final class CadApp {

  /** What the application found. */
  public record Findings(
      CtVolume isotropic,
      Mask lungs,
      SegmentationScores lungAgreement,
      ClassificationReport report,
      List<NodulePrediction> predictions) {}

  private CadApp() {}

  /** Runs the whole job in {@code work}. */
  public static Findings run(Path work) throws IOException {
    Phantom phantom =
        Phantom.builder().profile(SiteProfile.HB).size(PhantomSize.QUICK).seed(1).build();
    Path series = work.resolve("series");
    Dicom.writeSeries(phantom.scan(0).volume(), series);

    CtVolume ct = Dicom.readSeries(series);
    CtVolume iso = Resampler.builder().spacing(Spacing.isotropic(1.0)).build().resample(ct);
    Mask lungs = LungField.builder().build().extract(iso);
    // the lung field found on the scan's own grid, brought onto the 1 mm grid, against the one
    // found there
    Mask lungsNative =
        Resampler.resampleTo(iso.geometry()).resample(LungField.builder().build().extract(ct));
    SegmentationScores agreement = SegmentationMetrics.evaluate(lungsNative, lungs);

    MalignancyClassifier clf = MalignancyClassifier.untrained(ResNet3d.small(), 7);
    List<NodulePrediction> predictions = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    List<Boolean> labels = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      AnnotatedScan scan = phantom.scan(i);
      List<Nodule> known =
          scan.nodules().stream().filter(n -> n.label() != NoduleLabel.UNKNOWN).toList();
      for (NodulePrediction p : clf.predict(scan.volume(), known)) {
        predictions.add(p);
        scores.add(p.score());
        labels.add(p.label() == NoduleLabel.MALIGNANT);
      }
    }
    double[] s = scores.stream().mapToDouble(Double::doubleValue).toArray();
    boolean[] y = new boolean[labels.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = labels.get(i);
    }
    ClassificationReport report =
        ClassificationMetrics.of(s, y).youden().bootstrap(200).seed(42).compute();
    return new Findings(iso, lungs, agreement, report, predictions);
  }

  /** Prints the findings. */
  public static void main(String[] args) throws IOException {
    Findings f = run(java.nio.file.Files.createTempDirectory("cad-app"));
    System.out.println("1 mm grid: " + f.isotropic().geometry());
    System.out.println("lung field Dice (native vs 1 mm): " + f.lungAgreement().dice());
    System.out.println("AUC of the untrained classifier: " + f.report().auc());
  }
}
