package org.lungnodule.examples.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.io.lidc.LidcSiteReport;
import org.lungnodule.io.lidc.LidcSiteWriter;
import org.lungnodule.io.lidc.LidcSkippedFile;
import org.lungnodule.io.manifest.ManifestSplit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lungnodule lidc-site <dir> --out SITE}: an LIDC-IDRI folder as a site folder. */
@Command(
    name = "lidc-site",
    mixinStandardHelpOptions = true,
    description = {
      "Turn an LIDC-IDRI (or LUNA16) folder into a site folder that train-classifier and"
          + " train-segmenter read: manifest.csv with every kept nodule (the paper's rules, as in"
          + " lidc-cohort), its consensus mask and a train/test split column by patient;"
          + " excluded.csv with the nodules left out and why; skipped.csv with the XML files left"
          + " out and why; scans/ and masks/ as compressed MetaImage (.mha).",
      "Scans are found as lidc-cohort finds them. A scan without a kept nodule gets one"
          + " nodule-less row. The site is written in a temporary folder and swapped in: a failed"
          + " run leaves an earlier site as it was; the same input and seed give the same"
          + " manifest."
    })
public final class LidcSiteCommand implements Callable<Integer> {

  @Mixin CliSupport.CommonOptions common;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<dir>", description = "Folder with LIDC XML and scans.")
  Path dir;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "SITE",
      description = "Site folder to write (replaced if it exists).")
  Path out;

  @Mixin LidcOptions lidc;

  @Override
  public Integer call() throws Exception {
    LidcSiteReport r =
        LidcSiteWriter.builder()
            .clusterer(lidc.clusterer())
            .rules(lidc.rules())
            .trainFraction(lidc.trainFraction)
            .seed(lidc.seed)
            .build()
            .write(dir, out);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scans", r.scanCount());
    m.put("scansWithoutNodules", r.scansWithoutNodules());
    m.put("patients", r.patientCount());
    m.put("malignant", r.count(NoduleLabel.MALIGNANT));
    m.put("benign", r.count(NoduleLabel.BENIGN));
    m.put("excluded", r.excluded().size());
    m.put("skippedXml", r.skipped().size());
    m.put("trainPatients", r.patients(ManifestSplit.TRAIN).size());
    m.put("testPatients", r.patients(ManifestSplit.TEST).size());
    m.put("trainMalignant", r.count(ManifestSplit.TRAIN, NoduleLabel.MALIGNANT));
    m.put("trainBenign", r.count(ManifestSplit.TRAIN, NoduleLabel.BENIGN));
    m.put("testMalignant", r.count(ManifestSplit.TEST, NoduleLabel.MALIGNANT));
    m.put("testBenign", r.count(ManifestSplit.TEST, NoduleLabel.BENIGN));
    List<Map<String, Object>> skipped = new ArrayList<>();
    for (LidcSkippedFile s : r.skipped()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("file", s.file());
      x.put("seriesInstanceUid", s.seriesUid().orElse(""));
      x.put("problem", s.problem().name());
      x.put("reason", s.reason());
      skipped.add(x);
    }
    m.put("skipped", skipped);
    m.put("out", r.folder().toString());
    CliSupport.print(spec, common.json, m);
    return 0;
  }
}
