package org.lungnodule.io.manifest;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.lungnodule.core.NoduleLabel;

/**
 * What {@link SiteImporter#importSite} wrote and met: the site folder, its manifest, and every
 * issue (also written to the site's {@value SiteImporter#REPORT_FILE}).
 *
 * @param site the site folder (absolute)
 * @param manifest the manifest written
 * @param issues every issue, in the order met: files while the export was walked (in path order),
 *     malformed labels-file rows, annotations that fit no series, then each series in manifest
 *     order with its annotations, then labels-file rows that matched nothing
 */
public record SiteImportReport(Path site, SiteManifest manifest, List<ImportIssue> issues) {

  /** Validates and copies the components. */
  public SiteImportReport {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(manifest, "manifest");
    issues = List.copyOf(issues);
  }

  /** Returns the number of scans imported. */
  public int scanCount() {
    return manifest.scanIds().size();
  }

  /** Returns the number of patients imported. */
  public int patientCount() {
    return manifest.patientIds().size();
  }

  /** Returns the number of nodules imported. */
  public int noduleCount() {
    return manifest.noduleCount();
  }

  /** Returns the number of scans imported without nodules. */
  public int scansWithoutNodules() {
    return (int) manifest.entries().stream().filter(e -> e.nodule().isEmpty()).count();
  }

  /** Returns the number of imported nodules with each label (every label present, maybe 0). */
  public Map<NoduleLabel, Integer> labelCounts() {
    Map<NoduleLabel, Integer> out = new EnumMap<>(NoduleLabel.class);
    for (NoduleLabel l : NoduleLabel.values()) {
      out.put(l, 0);
    }
    for (ManifestEntry e : manifest.entries()) {
      e.nodule().ifPresent(n -> out.merge(n.label(), 1, Integer::sum));
    }
    return out;
  }

  /** Returns the issues with the given outcome. */
  public List<ImportIssue> issues(ImportIssue.Outcome outcome) {
    return issues.stream().filter(i -> i.outcome() == outcome).toList();
  }

  /** Returns the issues of the given kind. */
  public List<ImportIssue> issues(ImportIssue.Kind kind) {
    return issues.stream().filter(i -> i.kind() == kind).toList();
  }

  /** Returns one line: scans, patients, nodules by label, and issues by outcome. */
  public String summary() {
    Map<NoduleLabel, Integer> l = labelCounts();
    return String.format(
        Locale.ROOT,
        "%d scan(s) (%d without nodules) of %d patient(s), %d nodule(s) (%d malignant, %d benign,"
            + " %d unknown); %d left out, %d kept with a remark, %d ignored",
        scanCount(),
        scansWithoutNodules(),
        patientCount(),
        noduleCount(),
        l.get(NoduleLabel.MALIGNANT),
        l.get(NoduleLabel.BENIGN),
        l.get(NoduleLabel.UNKNOWN),
        issues(ImportIssue.Outcome.SKIPPED).size(),
        issues(ImportIssue.Outcome.KEPT).size(),
        issues(ImportIssue.Outcome.IGNORED).size());
  }

  /** Returns the summary and one line per issue. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("SiteImportReport[" + site + ": " + summary() + "]");
    for (ImportIssue i : issues) {
      sb.append("\n  ").append(i);
    }
    return sb.toString();
  }
}
