package org.lungnodule.models.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.models.TrainingListener;
import org.lungnodule.models.TrainingProgress;
import org.lungnodule.models.training.Optimizer;

class ClassifierTrainerTest {

  @TempDir Path dir;

  @Test
  void fit_learnsSpheresVersusSpikyBlobs() throws IOException {
    List<LabelledCube> train = SyntheticCubes.make(32, 1);
    List<LabelledCube> val = SyntheticCubes.make(16, 2);
    List<Integer> iterations = new ArrayList<>();
    TrainingResult r =
        ClassifierTrainer.builder()
            .epochs(5)
            .batchSize(8)
            .learningRate(3e-3)
            .seed(11)
            .listener(TrainingListener.logging())
            .listener(
                new TrainingListener() {
                  @Override
                  public void onIteration(TrainingProgress p) {
                    iterations.add(p.iteration());
                  }
                })
            .build()
            .fit(SyntheticCubes.tinyNet(), train, val);
    System.out.println(r.learningCurve());
    assertEquals(5 * 4, iterations.size());
    List<EpochRecord> h = r.history();
    assertTrue(
        h.get(h.size() - 1).trainLoss() < h.get(0).trainLoss(),
        "training loss must fall:\n" + r.learningCurve());
    List<LabelledCube> test = SyntheticCubes.make(40, 3);
    double[] p = r.classifier().predict(test.stream().map(LabelledCube::copyValues).toList());
    boolean[] y = new boolean[test.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = test.get(i).malignant();
    }
    double auc = RocAuc.of(p, y);
    System.out.println(
        "held-out AUC "
            + auc
            + ", training loss "
            + h.get(0).trainLoss()
            + " -> "
            + h.get(h.size() - 1).trainLoss());
    assertTrue(auc > 0.7, "held-out AUC " + auc + "\n" + r.learningCurve());
  }

  @Test
  void fit_resumedRunEndsWithSameWeights() throws IOException {
    List<LabelledCube> train = SyntheticCubes.make(12, 4);
    List<LabelledCube> val = SyntheticCubes.make(4, 5);
    ClassifierTrainer.Builder b =
        ClassifierTrainer.builder().epochs(3).batchSize(4).seed(3).earlyStoppingPatience(5);
    ResNet3d net = SyntheticCubes.tinyNet();
    TrainingResult whole = b.checkpointDir(dir.resolve("whole")).build().fit(net, train, val);

    ClassifierTrainer.Builder b2 =
        ClassifierTrainer.builder()
            .epochs(3)
            .batchSize(4)
            .seed(3)
            .earlyStoppingPatience(5)
            .checkpointDir(dir.resolve("killed"));
    ClassifierTrainer killedAfter2 =
        b2.listener(
                new TrainingListener() {
                  @Override
                  public void onEpochEnd(TrainingProgress p) {
                    if (p.epoch() == 2) {
                      throw new IllegalStateException("simulated kill");
                    }
                  }
                })
            .build();
    assertThrows(IllegalStateException.class, () -> killedAfter2.fit(net, train, val));
    TrainingResult resumed =
        ClassifierTrainer.builder()
            .epochs(3)
            .batchSize(4)
            .seed(3)
            .earlyStoppingPatience(5)
            .checkpointDir(dir.resolve("killed"))
            .build()
            .fit(net, train, val);
    assertEquals(3, resumed.history().size());
    assertEquals(whole.bestEpoch(), resumed.bestEpoch());
    assertArrayEquals(
        whole.classifier().copyNetwork().params().toFloatVector(),
        resumed.classifier().copyNetwork().params().toFloatVector(),
        0f);
    assertEquals(whole.history().get(2).trainLoss(), resumed.history().get(2).trainLoss(), 0);
  }

  @Test
  void fit_startFrom_finetunesParentAndRecordsSite() throws IOException {
    List<LabelledCube> train = SyntheticCubes.make(8, 6);
    MalignancyClassifier parent =
        ClassifierTrainer.builder()
            .epochs(1)
            .batchSize(4)
            .seed(1)
            .build()
            .fit(SyntheticCubes.tinyNet(), train, List.of())
            .classifier();
    TrainingResult tuned =
        ClassifierTrainer.builder()
            .epochs(1)
            .batchSize(4)
            .seed(2)
            .learningRate(1e-6)
            .startFrom(parent, "HB")
            .build()
            .fit(SyntheticCubes.tinyNet(), SyntheticCubes.make(4, 7), List.of());
    var prov = tuned.classifier().provenance();
    assertTrue(prov.isFineTuned());
    assertEquals(java.util.Optional.of("HB"), prov.site());
    assertEquals(
        "resnet3d-classifier@" + parent.provenance().trainingDataHash(), prov.parentModel().get());
    float[] a = parent.copyNetwork().params().toFloatVector();
    float[] b = tuned.classifier().copyNetwork().params().toFloatVector();
    // a tiny learning rate keeps the weights next to the parent's (batch-norm statistics move)
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < a.length; i++) {
      diff += Math.abs(a[i] - b[i]);
      norm += Math.abs(a[i]);
    }
    assertTrue(diff / norm < 0.05, "relative change " + diff / norm);
  }

  @Test
  void fit_checkpointOfOtherRun() throws IOException {
    List<LabelledCube> train = SyntheticCubes.make(4, 4);
    ClassifierTrainer.builder()
        .epochs(1)
        .batchSize(4)
        .seed(3)
        .checkpointDir(dir)
        .build()
        .fit(SyntheticCubes.tinyNet(), train, List.of());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                ClassifierTrainer.builder()
                    .epochs(1)
                    .batchSize(4)
                    .seed(4)
                    .checkpointDir(dir)
                    .build()
                    .fit(SyntheticCubes.tinyNet(), train, List.of()));
    assertTrue(e.getMessage().contains("another training run"), e.getMessage());
    assertTrue(Files.exists(dir.resolve("latest.zip")));
  }

  @Test
  void fit_checkpointOfFineTuningFromAnotherParent_refused() throws IOException {
    // two parents trained on the same cubes share a training-data hash (their names); the
    // fingerprint must tell them apart by their whole provenance
    List<LabelledCube> train = SyntheticCubes.make(4, 4);
    MalignancyClassifier a =
        ClassifierTrainer.builder()
            .epochs(1)
            .batchSize(4)
            .seed(1)
            .build()
            .fit(SyntheticCubes.tinyNet(), train, List.of())
            .classifier();
    MalignancyClassifier b =
        ClassifierTrainer.builder()
            .epochs(1)
            .batchSize(4)
            .seed(2)
            .build()
            .fit(SyntheticCubes.tinyNet(), train, List.of())
            .classifier();
    assertEquals(a.provenance().trainingDataHash(), b.provenance().trainingDataHash());
    List<LabelledCube> site = SyntheticCubes.make(4, 9);
    ClassifierTrainer.builder()
        .epochs(1)
        .batchSize(4)
        .seed(3)
        .checkpointDir(dir)
        .startFrom(a, "HB")
        .build()
        .fit(SyntheticCubes.tinyNet(), site, List.of());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                ClassifierTrainer.builder()
                    .epochs(1)
                    .batchSize(4)
                    .seed(3)
                    .checkpointDir(dir)
                    .startFrom(b, "HB")
                    .build()
                    .fit(SyntheticCubes.tinyNet(), site, List.of()));
    assertTrue(e.getMessage().contains("another training run"), e.getMessage());
  }

  @Test
  void fit_wrongCubeLength() {
    List<LabelledCube> train = List.of(LabelledCube.of("a", "a", new float[10], true));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ClassifierTrainer.builder()
                    .seed(1)
                    .build()
                    .fit(SyntheticCubes.tinyNet(), train, List.of()));
    assertEquals(
        "training cube a must have 13824 values for shape [3, 8, 24, 24], got 10", e.getMessage());
  }

  @Test
  void fit_oneClassOnly() {
    List<LabelledCube> train =
        SyntheticCubes.make(4, 1).stream().filter(LabelledCube::malignant).toList();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ClassifierTrainer.builder()
                    .seed(1)
                    .build()
                    .fit(SyntheticCubes.tinyNet(), train, List.of()));
    assertTrue(e.getMessage().contains("both classes"), e.getMessage());
  }

  @Test
  void fit_earlyStoppingWithoutValidation() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ClassifierTrainer.builder()
                    .seed(1)
                    .earlyStoppingPatience(2)
                    .build()
                    .fit(SyntheticCubes.tinyNet(), SyntheticCubes.make(4, 1), List.of()));
    assertTrue(e.getMessage().contains("needs validation"), e.getMessage());
  }

  @Test
  void build_withoutSeed() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> ClassifierTrainer.builder().build());
    assertTrue(e.getMessage().startsWith("seed must be set"), e.getMessage());
  }

  @Test
  void epochs_setTwice() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> ClassifierTrainer.builder().epochs(3).epochs(4));
    assertEquals("epochs was already set to 3", e.getMessage());
  }

  @Test
  void learningRate_negative() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ClassifierTrainer.builder().learningRate(-1));
    assertEquals("learning rate must be in (0, 10], got -1.0", e.getMessage());
  }

  @Test
  void hyperparameters_listEverySetting() {
    var h = ClassifierTrainer.builder().seed(1).optimizer(Optimizer.SGD).build().hyperparameters();
    assertEquals("SGD", h.get("optimizer"));
    assertEquals("0.9", h.get("momentum"));
    assertEquals("SAMPLING", h.get("balance"));
  }

  @Test
  void fit_testViews_savedWithTheModel_andInheritedByFineTuning() throws IOException {
    List<LabelledCube> train = SyntheticCubes.make(8, 6);
    TrainingResult parent =
        ClassifierTrainer.builder()
            .epochs(1)
            .batchSize(4)
            .seed(1)
            .shift(2)
            .testViews(16)
            .build()
            .fit(SyntheticCubes.tinyNet(), train, List.of());
    assertEquals(16, parent.classifier().views());
    assertEquals("16", parent.classifier().preprocessing().get(MalignancyClassifier.VIEWS_KEY));
    assertEquals("16", parent.classifier().provenance().hyperparameters().get("testViews"));
    assertEquals("2", parent.classifier().provenance().hyperparameters().get("shiftVoxels"));
    ClassifierTrainer.Builder fineTune =
        ClassifierTrainer.builder().epochs(1).batchSize(4).seed(2).learningRate(1e-6);
    MalignancyClassifier inherited =
        fineTune
            .startFrom(parent.classifier(), "HB")
            .build()
            .fit(SyntheticCubes.tinyNet(), SyntheticCubes.make(4, 7), List.of())
            .classifier();
    assertEquals(16, inherited.views());
    MalignancyClassifier overridden =
        ClassifierTrainer.builder()
            .epochs(1)
            .batchSize(4)
            .seed(2)
            .testViews(1)
            .startFrom(parent.classifier(), "HB")
            .build()
            .fit(SyntheticCubes.tinyNet(), SyntheticCubes.make(4, 7), List.of())
            .classifier();
    assertEquals(1, overridden.views());
    assertFalse(overridden.preprocessing().containsKey(MalignancyClassifier.VIEWS_KEY));
  }

  @Test
  void fit_sixteenViewsOnANonSquarePlane_refusedBeforeTraining() {
    ResNet3d flat =
        ResNet3d.builder().depth(10).widthMultiplier(0.125).inputShape(3, 8, 24, 16).build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ClassifierTrainer.builder()
                    .epochs(1)
                    .seed(1)
                    .testViews(16)
                    .build()
                    .fit(flat, SyntheticCubes.make(4, 1), List.of()));
    assertTrue(e.getMessage().contains("square"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ClassifierTrainer.builder().testViews(4));
    assertThrows(IllegalArgumentException.class, () -> ClassifierTrainer.builder().shift(-1));
  }

  @Test
  void fit_keepLastEpoch_ignoresTheValidationLossWhenChoosingWeights() throws IOException {
    List<LabelledCube> train = SyntheticCubes.make(16, 6);
    // validation cubes with flipped labels: the better the network learns, the higher their loss,
    // so the lowest validation loss comes early and differs from the last epoch
    List<LabelledCube> flipped = new ArrayList<>();
    for (LabelledCube c : SyntheticCubes.make(8, 9)) {
      flipped.add(LabelledCube.of(c.caseId(), c.patientId(), c.values(), !c.malignant()));
    }
    TrainingResult best =
        ClassifierTrainer.builder()
            .epochs(4)
            .batchSize(4)
            .seed(3)
            .build()
            .fit(SyntheticCubes.tinyNet(), train, flipped);
    TrainingResult last =
        ClassifierTrainer.builder()
            .epochs(4)
            .batchSize(4)
            .seed(3)
            .keepBestEpoch(false)
            .build()
            .fit(SyntheticCubes.tinyNet(), train, flipped);
    TrainingResult none =
        ClassifierTrainer.builder()
            .epochs(4)
            .batchSize(4)
            .seed(3)
            .build()
            .fit(SyntheticCubes.tinyNet(), train, List.of());
    assertTrue(best.bestEpoch() < 4, "the flipped validation set picks an early epoch");
    assertEquals(4, last.bestEpoch());
    assertEquals(4, last.history().size());
    assertEquals("false", last.classifier().provenance().hyperparameters().get("keepBestEpoch"));
    // the last epoch's weights are the run without validation's (validation only reads)
    assertEquals(
        none.classifier().copyNetwork().params(), last.classifier().copyNetwork().params());
    assertFalse(
        none.classifier().copyNetwork().params().equals(best.classifier().copyNetwork().params()));
  }
}
