package org.lungnodule.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.io.lidc.LidcCase;
import org.lungnodule.io.lidc.LidcClusterer;
import org.lungnodule.io.lidc.LidcCohort;
import org.lungnodule.io.lidc.LidcCohortRules;
import org.lungnodule.io.lidc.LidcLayout;
import org.lungnodule.io.lidc.LidcXmlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lungnodule lidc-cohort <dir> --out cohort.csv}: the paper's LIDC cohort. */
@Command(
    name = "lidc-cohort",
    mixinStandardHelpOptions = true,
    description = {
      "Build the paper's LIDC-IDRI cohort: parse every LIDC XML under <dir>, place the readers'"
          + " contours on the scan, cluster them into nodules, keep nodules > 3 mm rated by at least"
          + " two readers (median malignancy > 3 malignant, < 3 benign, = 3 left out), and split the"
          + " patients 8:2 with a seed.",
      "The scan of each XML (by its SeriesInstanceUid) is the DICOM series in the XML's folder (the"
          + " LIDC-IDRI layout), or else a volume named <SeriesInstanceUid>.mhd/.mha/.nii/.nii.gz"
          + " anywhere under <dir> (the LUNA16 layout). The patient id is the DICOM PatientID, else"
          + " the LIDC-IDRI-nnnn folder in the path, else the series UID. XML files whose root is not"
          + " LidcReadMessage are skipped."
    })
public final class LidcCohortCommand implements Callable<Integer> {

  @Mixin CliSupport.CommonOptions common;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<dir>", description = "Folder with LIDC XML and scans.")
  Path dir;

  @Option(names = "--out", required = true, description = "Cohort CSV to write.")
  Path out;

  @Mixin LidcOptions lidc;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + " is not a folder");
    }
    LidcClusterer clusterer = lidc.clusterer();
    LidcCohortRules rules = lidc.rules();
    LidcLayout layout = LidcLayout.scan(dir);
    List<LidcCohort.Scan> scans = new ArrayList<>();
    int skipped = 0;
    for (Path xml : layout.xmlFiles()) {
      LidcCase c;
      try {
        c = layout.locate(xml);
      } catch (LidcXmlException e) {
        if (e.notLidc()) {
          skipped++;
          continue;
        }
        throw e;
      }
      LidcCase.Grid g = c.readGrid();
      scans.add(
          new LidcCohort.Scan(
              g.patientId(), c.seriesUid(), clusterer.cluster(c.message(), g.geometry())));
    }
    if (scans.isEmpty()) {
      throw new IOException("no LIDC XML (LidcReadMessage) found under " + dir);
    }
    LidcCohort cohort = LidcCohort.of(rules, scans);
    LidcCohort.Split split = cohort.split(lidc.trainFraction, lidc.seed);
    cohort.writeCsv(out, split);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("scans", scans.size());
    r.put("skippedXml", skipped);
    r.put("patients", cohort.patients().size());
    r.put("malignant", cohort.count(NoduleLabel.MALIGNANT));
    r.put("benign", cohort.count(NoduleLabel.BENIGN));
    r.put("excluded", cohort.excluded().size());
    r.put("trainPatients", split.trainPatients().size());
    r.put("testPatients", split.testPatients().size());
    r.put("trainMalignant", count(split.train(), NoduleLabel.MALIGNANT));
    r.put("trainBenign", count(split.train(), NoduleLabel.BENIGN));
    r.put("testMalignant", count(split.test(), NoduleLabel.MALIGNANT));
    r.put("testBenign", count(split.test(), NoduleLabel.BENIGN));
    r.put("out", out.toString());
    CliSupport.print(spec, common.json, r);
    return 0;
  }

  private static long count(List<LidcCohort.Entry> es, NoduleLabel l) {
    return es.stream().filter(e -> e.nodule().label() == l).count();
  }
}
