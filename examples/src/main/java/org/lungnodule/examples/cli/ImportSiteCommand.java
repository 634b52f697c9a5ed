package org.lungnodule.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lungnodule.io.manifest.ImportIssue;
import org.lungnodule.io.manifest.SiteImportReport;
import org.lungnodule.io.manifest.SiteImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lungnodule import-site <dir> --out SITE [--labels labels.csv]}: an export to a site. */
@Command(
    name = "import-site",
    mixinStandardHelpOptions = true,
    description = {
      "Turn a hospital's export into a site: every CT series under <dir> (any layout, files"
          + " recognised by content) becomes a scan, every segment of a DICOM SEG, ROI of an"
          + " RTSTRUCT or value of a label map (<SeriesInstanceUID>.nii.gz, or named after the"
          + " series' folder) a nodule with its centre, diameter and mask. Diagnoses come from"
          + " --labels (patient_id,nodule,label); a nodule without one is UNKNOWN.",
      "The site (scans/, masks/, manifest.csv, import-report.csv) replaces SITE atomically. What"
          + " could not be imported (an annotation without its series, a series that cannot be"
          + " read, two nodules with one name, a label row that matches nothing, ...) is listed"
          + " with its file and line, here and in import-report.csv; the rest is imported. Exit"
          + " code 1 when nothing could be imported (an earlier SITE is then left as it was)."
    })
public final class ImportSiteCommand implements Callable<Integer> {

  @Mixin CliSupport.CommonOptions common;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<dir>", description = "The export folder (read only).")
  Path dir;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "SITE",
      description = "The site folder to create or replace (outside <dir>).")
  Path out;

  @Option(
      names = "--labels",
      paramLabel = "labels.csv",
      description = "Diagnoses: patient_id,nodule,label (MALIGNANT, BENIGN or UNKNOWN).")
  Path labels;

  @Override
  public Integer call() throws Exception {
    SiteImporter.Builder b = SiteImporter.builder();
    if (labels != null) {
      b.labels(labels);
    }
    SiteImportReport r = b.build().importSite(dir, out);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("site", r.site().toString());
    m.put("scans", r.scanCount());
    m.put("scansWithoutNodules", r.scansWithoutNodules());
    m.put("patients", r.patientCount());
    m.put("nodules", r.noduleCount());
    Map<String, Integer> byLabel = new LinkedHashMap<>();
    r.labelCounts().forEach((l, n) -> byLabel.put(l.name(), n));
    m.put("labels", byLabel);
    m.put("leftOut", r.issues(ImportIssue.Outcome.SKIPPED).size());
    m.put("keptWithRemark", r.issues(ImportIssue.Outcome.KEPT).size());
    m.put("ignored", r.issues(ImportIssue.Outcome.IGNORED).size());
    m.put("report", r.site().resolve(SiteImporter.REPORT_FILE).toString());
    if (common.json) {
      List<Map<String, Object>> issues = new ArrayList<>();
      for (ImportIssue i : r.issues()) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("fileName", i.file());
        if (i.line().isPresent()) {
          e.put("line", i.line().getAsInt());
        }
        e.put("kind", i.kind().name());
        e.put("outcome", i.outcome().name());
        e.put("message", i.message());
        issues.add(e);
      }
      m.put("issues", issues);
    }
    CliSupport.print(spec, common.json, m);
    if (!common.json && !r.issues().isEmpty()) {
      PrintWriter w = spec.commandLine().getOut();
      for (ImportIssue i : r.issues()) {
        w.println("  " + i);
      }
      w.flush();
    }
    return 0;
  }
}
