package org.lungnodule.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lungnodule.core.NoduleLabel;

class LocalizationWorkflowTest {

  record Case(String id, String patient, NoduleLabel label, double feature) {}

  /**
   * A one-feature logistic regression trained by gradient descent; fine-tuning starts from the
   * parent.
   */
  record Logit(double w, double b, String parentSite) {}

  static final class LogitTask implements ModelTask<Case, Logit> {
    final AtomicInteger trainCalls = new AtomicInteger();
    final AtomicInteger predictCalls = new AtomicInteger();
    boolean failOnFineTune;
    int iterations = 3000;

    @Override
    public String name() {
      return "logit";
    }

    @Override
    public java.util.Map<String, String> settings() {
      return java.util.Map.of("iterations", Integer.toString(iterations));
    }

    @Override
    public String caseId(Case c) {
      return c.id();
    }

    @Override
    public Logit train(TrainRequest<Case, Logit> r) throws IOException {
      trainCalls.incrementAndGet();
      // the fine-tuning proper (the continued model also starts from a parent, on public cases)
      if (failOnFineTune && r.fineTuning() && !r.site().orElseThrow().equals("public")) {
        throw new IOException("simulated crash during fine-tuning");
      }
      double w = r.parent().map(Logit::w).orElse(0.0);
      double b = r.parent().map(Logit::b).orElse(0.0);
      for (int it = 0; it < iterations; it++) {
        double gw = 0;
        double gb = 0;
        for (Case c : r.cases()) {
          double p = 1 / (1 + Math.exp(-(w * c.feature() + b)));
          double y = c.label() == NoduleLabel.MALIGNANT ? 1 : 0;
          gw += (p - y) * c.feature();
          gb += p - y;
        }
        w -= 1.0 * gw / r.cases().size();
        b -= 1.0 * gb / r.cases().size();
      }
      return new Logit(w, b, r.site().orElse(""));
    }

    @Override
    public void save(Logit m, Path file) throws IOException {
      Files.writeString(file, m.w() + "," + m.b() + "," + m.parentSite());
    }

    @Override
    public Logit load(Path file) throws IOException {
      String[] f = Files.readString(file).split(",", -1);
      return new Logit(Double.parseDouble(f[0]), Double.parseDouble(f[1]), f[2]);
    }

    @Override
    public List<CaseOutcome> predict(Logit m, List<Case> cases) {
      predictCalls.incrementAndGet();
      List<CaseOutcome> out = new ArrayList<>();
      for (Case c : cases) {
        out.add(
            new CaseOutcome.Scored(
                c.id(),
                c.patient(),
                c.label(),
                1 / (1 + Math.exp(-(m.w() * c.feature() + m.b())))));
      }
      return out;
    }
  }

  /** Public: malignant feature ~ N(1, 1), benign N(-1, 1). Site: shifted by +2 (a site offset). */
  static List<Case> cases(String prefix, int n, double shift, long seed) {
    Random r = new Random(seed);
    List<Case> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean mal = i % 2 == 0;
      out.add(
          new Case(
              prefix + i,
              prefix + "P" + (i / 2),
              mal ? NoduleLabel.MALIGNANT : NoduleLabel.BENIGN,
              (mal ? 1 : -1) + shift + r.nextGaussian()));
    }
    return out;
  }

  private LocalizationWorkflow.Builder<Case, Logit> workflow(LogitTask task, Path dir) {
    return LocalizationWorkflow.<Case, Logit>builder()
        .task(task)
        .workDir(dir)
        .site("HB")
        .labelOf(Case::label)
        .publicTrain(cases("L", 200, 0, 1))
        .publicTest(cases("T", 100, 0, 2))
        .siteFineTune(cases("H", 100, 2, 3))
        .siteTest(cases("S", 100, 2, 4))
        .seed(7);
  }

  static double accuracy(List<CaseOutcome> outs) {
    int ok = 0;
    for (CaseOutcome o : outs) {
      CaseOutcome.Scored s = (CaseOutcome.Scored) o;
      ok += (s.score() >= 0.5) == (s.label() == NoduleLabel.MALIGNANT) ? 1 : 0;
    }
    return (double) ok / outs.size();
  }

  @Test
  void run_fineTuningRecoversSiteAccuracy(@TempDir Path dir) throws IOException {
    LocalizationResult r = workflow(new LogitTask(), dir).build().run();
    double pub = accuracy(r.baselinePublic());
    double site = accuracy(r.baselineSite());
    double tuned = accuracy(r.fineTunedSite());
    assertTrue(
        site < pub - 0.1,
        "baseline should lose accuracy on the shifted site: " + pub + " vs " + site);
    assertTrue(tuned > site + 0.05, "fine-tuning should recover: " + site + " -> " + tuned);
    assertEquals(100, r.fineTunedSite().size());
    assertTrue(
        Files.readString(r.fineTunedModel()).endsWith(",HB"), "fine-tuned model names its site");
    assertTrue(r.mixedSet().contains("site 50 M / 50 B"), r.mixedSet());
  }

  @Test
  void run_resumesAfterCrashWithoutRetrainingBaseline(@TempDir Path dir) throws IOException {
    LogitTask crashing = new LogitTask();
    crashing.failOnFineTune = true;
    assertThrows(IOException.class, () -> workflow(crashing, dir).build().run());
    assertEquals(3, crashing.trainCalls.get(), "baseline, continued, then the crash");
    WorkflowState st = WorkflowState.open(dir.resolve("logit-HB"));
    assertTrue(st.isDone("baseline") && st.isDone("baseline-site") && !st.isDone("finetuned"));
    assertTrue(st.isDone("continued-site"));

    LogitTask resumed = new LogitTask();
    LocalizationResult r = workflow(resumed, dir).build().run();
    assertEquals(1, resumed.trainCalls.get(), "only the fine-tuning step runs again");
    assertTrue(LocalizationWorkflow.isFinished(dir, "logit", "HB"));

    LogitTask third = new LogitTask();
    LocalizationResult again = workflow(third, dir).build().run();
    assertEquals(0, third.trainCalls.get(), "a finished run does nothing again");
    assertEquals(r, again);
  }

  @Test
  void run_otherTrainingCases_rerunTheStepsInsteadOfReusingThem(@TempDir Path dir)
      throws IOException {
    LocalizationResult first = workflow(new LogitTask(), dir).build().run();
    LogitTask again = new LogitTask();
    LocalizationResult second =
        workflow(again, dir).publicTrain(cases("M", 200, 0, 99)).build().run();
    assertEquals(
        3,
        again.trainCalls.get(),
        "the baseline, the continued model and the fine-tuning run again");
    assertEquals(4, again.predictCalls.get(), "every evaluation runs again (its model changed)");
    assertTrue(
        !first.baselinePublic().equals(second.baselinePublic()), "a new baseline was evaluated");
  }

  @Test
  void run_otherSeed_rerunsTraining(@TempDir Path dir) throws IOException {
    workflow(new LogitTask(), dir).build().run();
    LogitTask again = new LogitTask();
    workflow(again, dir).seed(8).build().run();
    assertEquals(3, again.trainCalls.get());
  }

  @Test
  void run_otherTaskSetting_rerunsTraining(@TempDir Path dir) throws IOException {
    workflow(new LogitTask(), dir).build().run();
    LogitTask again = new LogitTask();
    again.iterations = 10;
    workflow(again, dir).build().run();
    assertEquals(3, again.trainCalls.get());
  }

  @Test
  void run_otherSiteTestCases_rerunOnlyTheirEvaluations(@TempDir Path dir) throws IOException {
    workflow(new LogitTask(), dir).build().run();
    LogitTask again = new LogitTask();
    LocalizationResult r = workflow(again, dir).siteTest(cases("S", 60, 2, 5)).build().run();
    assertEquals(0, again.trainCalls.get(), "the models' inputs did not change");
    assertEquals(
        3, again.predictCalls.get(), "baseline-site, continued-site and finetuned-site run again");
    assertEquals(60, r.fineTunedSite().size());
    assertEquals(60, r.baselineSite().size());
  }

  @Test
  void run_stateFileKeyedByNameOnly_rerunsEveryStep(@TempDir Path dir) throws IOException {
    workflow(new LogitTask(), dir).build().run();
    // a state file as written before steps were keyed: names and values only
    Files.writeString(
        dir.resolve("logit-HB").resolve(WorkflowState.FILE_NAME),
        "baseline=baseline.zip\nbaseline-public=baseline-public.csv\nbaseline-site=baseline-site.csv\n"
            + "finetuned=finetuned.zip\nfinetuned-site=finetuned-site.csv\n");
    LogitTask again = new LogitTask();
    workflow(again, dir).build().run();
    // the continued model's own folder still holds it, keyed by the (same) baseline's bytes
    assertEquals(2, again.trainCalls.get(), "the baseline and the fine-tuning run again");
  }

  @Test
  void run_controlArm_trainsFromTheBaselineOnPublicCasesOnly(@TempDir Path dir) throws IOException {
    LogitTask task = new LogitTask();
    LocalizationResult r = workflow(task, dir).publicSiteName("LIDC").build().run();
    assertEquals(3, task.trainCalls.get());
    assertTrue(r.hasControlArm());
    assertEquals(100, r.continuedSite().size());
    // trained on public cases only, it stays as poor on the shifted site as the baseline
    double base = accuracy(r.baselineSite());
    double cont = accuracy(r.continuedSite());
    double tuned = accuracy(r.fineTunedSite());
    assertTrue(Math.abs(cont - base) < 0.05, base + " vs " + cont);
    assertTrue(tuned > cont + 0.05, cont + " -> " + tuned);
    assertTrue(
        Files.readString(r.continuedModel().orElseThrow()).endsWith(",LIDC"),
        "the continued model names the public site");
    assertTrue(
        r.continuedModel()
            .orElseThrow()
            .getParent()
            .getFileName()
            .toString()
            .startsWith("logit-continued-"));
    LocalizationResult read =
        LocalizationWorkflow.readFinished(dir, "logit", "HB", Optional.empty()).orElseThrow();
    assertEquals(r.continuedSite(), read.continuedSite());
    assertEquals(r.continuedModel(), read.continuedModel());
  }

  @Test
  void run_secondSiteWithTheSameBaseline_reusesTheContinuedModel(@TempDir Path dir)
      throws IOException {
    LocalizationResult hb = workflow(new LogitTask(), dir).build().run();
    LogitTask xz = new LogitTask();
    LocalizationResult r =
        workflow(xz, dir)
            .site("XZ")
            .siteFineTune(cases("X", 100, -2, 5))
            .siteTest(cases("Y", 100, -2, 6))
            .baselineArchive(hb.baselineModel())
            .build()
            .run();
    assertEquals(1, xz.trainCalls.get(), "only the fine-tuning: baseline and continued are reused");
    assertEquals(hb.continuedModel(), r.continuedModel());
    assertEquals(4, xz.predictCalls.get(), "its own baseline-public, -site, continued, fine-tuned");
  }

  @Test
  void run_withoutControlArm_trainsNoContinuedModel(@TempDir Path dir) throws IOException {
    LogitTask task = new LogitTask();
    LocalizationResult r = workflow(task, dir).controlArm(false).build().run();
    assertEquals(2, task.trainCalls.get());
    assertTrue(!r.hasControlArm() && r.continuedSite().isEmpty());
  }

  @Test
  void controlSet_hasTheMixedSetsSize() {
    List<Integer> pub = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertSame(pub, LocalizationWorkflow.controlSet(pub, 10, 1));
    List<Integer> small = LocalizationWorkflow.controlSet(pub, 6, 1);
    assertEquals(6, small.size());
    assertEquals(6, new java.util.HashSet<>(small).size(), "drawn without replacement");
    assertEquals(small, LocalizationWorkflow.controlSet(pub, 6, 1), "seeded");
    List<Integer> big = LocalizationWorkflow.controlSet(pub, 14, 1);
    assertEquals(14, big.size());
    assertEquals(pub, big.subList(0, 10), "every public case once, then draws");
    assertTrue(pub.containsAll(big));
  }

  @Test
  void build_missingSetting() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> LocalizationWorkflow.<Case, Logit>builder().task(new LogitTask()).build());
    assertTrue(e.getMessage().contains("workDir"), e.getMessage());
  }

  @Test
  void site_badName() {
    assertThrows(
        IllegalArgumentException.class,
        () -> LocalizationWorkflow.<Case, Logit>builder().site("a/b"));
  }

  @Test
  void outcomeFiles_roundTripAndErrors(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("o.csv");
    List<CaseOutcome> seg =
        List.of(
            new CaseOutcome.Segmented("n1", "p1", true, 0.8, 0.6667, 0.25),
            new CaseOutcome.Segmented("n2", "p1", false, 0, 0, Double.NaN));
    OutcomeFiles.write(f, seg);
    assertEquals(seg.toString(), OutcomeFiles.read(f).toString());
    Files.writeString(f, "case,patient,label,score\nx,p,1\n");
    IOException e = assertThrows(IOException.class, () -> OutcomeFiles.read(f));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }
}
