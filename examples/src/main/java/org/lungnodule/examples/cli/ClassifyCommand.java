package org.lungnodule.examples.cli;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.finetune.inference.PredictionRow;
import org.lungnodule.finetune.inference.ScanClassification;
import org.lungnodule.io.manifest.ManifestSplit;
import org.lungnodule.io.manifest.Site;
import org.lungnodule.models.classifier.MalignancyClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lungnodule classify}: scores every nodule of a site with a trained classifier. */
@Command(
    name = "classify",
    mixinStandardHelpOptions = true,
    description = {
      "Score every nodule of a site folder with a trained classifier and write a CSV with the",
      "columns patient,nodule,label,score (label 1 = malignant, 0 = benign, empty = unknown;",
      "score = probability of malignancy), readable by 'metrics classify'. A site whose",
      "manifest.csv has a split column is scored on its test rows unless --split says otherwise."
    })
public final class ClassifyCommand implements Callable<Integer> {

  @Mixin CliSupport.CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Model file from train-classifier.")
  Path model;

  @Option(names = "--site", required = true, description = "Site folder with manifest.csv.")
  Path site;

  @Option(names = "--out", required = true, description = "CSV file to write.")
  Path out;

  @Option(
      names = "--split",
      paramLabel = "test|train|all",
      description =
          "Rows of a site with a split column to score: test (default), train or all; a site"
              + " without the column is scored whole.")
  String split;

  @Option(
      names = "--include-unknown",
      description = "Also score nodules without a benign/malignant label (label column empty).")
  boolean includeUnknown;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    MalignancyClassifier clf = MalignancyClassifier.load(model);
    SiteRows.Selection sel =
        SiteRows.forEvaluation(spec, Site.open(site), "--split", split, ManifestSplit.TEST);
    Path abs = out.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    Path tmp = AtomicFiles.tempBeside(abs);
    int rows = 0;
    int malignant = 0;
    int skipped = 0;
    try {
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write(PredictionRow.CSV_HEADER + "\n");
        for (AnnotatedScan scan : sel.rows()) {
          ScanClassification scored = ScanClassification.of(clf, scan, includeUnknown);
          skipped += scored.skippedUnlabelled();
          for (PredictionRow p : scored.rows()) {
            w.write(p.csvLine() + "\n");
          }
          rows += scored.rows().size();
          malignant += scored.malignant();
        }
      }
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("out", abs.toString());
    m.put("split", sel.split());
    m.put("patients", sel.rows().patientIds().size());
    m.put("nodules", rows);
    m.put("malignant", malignant);
    m.put("skippedUnlabelled", skipped);
    m.put("modelTrainingData", clf.provenance().trainingDataHash());
    m.put("views", clf.views());
    m.put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
    CliSupport.print(spec, common.json, m);
    return 0;
  }
}
