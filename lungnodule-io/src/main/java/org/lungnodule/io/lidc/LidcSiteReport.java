package org.lungnodule.io.lidc;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.io.manifest.ManifestEntry;
import org.lungnodule.io.manifest.ManifestSplit;
import org.lungnodule.io.manifest.SiteManifest;

/**
 * What {@link LidcSiteWriter#write} wrote: the site folder, its manifest (with the split), the
 * nodules left out by the cohort rules, and the XML files left out. Immutable; prints as a table.
 *
 * @param folder the site folder (absolute)
 * @param manifest the manifest written as {@code manifest.csv}
 * @param excluded the nodules the rules left out, with reasons (as in {@code excluded.csv})
 * @param skipped the XML files left out, with reasons (as in {@code skipped.csv})
 */
public record LidcSiteReport(
    Path folder,
    SiteManifest manifest,
    List<LidcCohort.Excluded> excluded,
    List<LidcSkippedFile> skipped) {

  /** Validates and copies. */
  public LidcSiteReport {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(manifest, "manifest");
    excluded = List.copyOf(excluded);
    skipped = List.copyOf(skipped);
  }

  /** Returns the number of scans in the site. */
  public int scanCount() {
    return manifest.scanIds().size();
  }

  /** Returns the number of patients in the site. */
  public int patientCount() {
    return manifest.patientIds().size();
  }

  /** Returns the number of scans without a kept nodule (one nodule-less row each). */
  public int scansWithoutNodules() {
    return (int) manifest.entries().stream().filter(e -> e.nodule().isEmpty()).count();
  }

  /** Returns the number of kept nodules with a label. */
  public int count(NoduleLabel label) {
    return (int)
        manifest.entries().stream()
            .filter(e -> e.nodule().isPresent() && e.nodule().get().label() == label)
            .count();
  }

  /** Returns the number of kept nodules with a label on one side of the split. */
  public int count(ManifestSplit split, NoduleLabel label) {
    return (int)
        manifest.entries().stream()
            .filter(e -> e.split().orElseThrow() == split)
            .filter(e -> e.nodule().isPresent() && e.nodule().get().label() == label)
            .count();
  }

  /** Returns the patients on one side of the split, sorted. */
  public List<String> patients(ManifestSplit split) {
    return List.copyOf(
        new TreeSet<>(
            manifest.entries().stream()
                .filter(e -> e.split().orElseThrow() == split)
                .map(ManifestEntry::patientId)
                .toList()));
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("LidcSiteReport[" + folder + "]\n");
    sb.append(String.format("  %-10s %8s %8s %9s%n", "split", "patients", "benign", "malignant"));
    for (ManifestSplit s : ManifestSplit.values()) {
      sb.append(
          String.format(
              "  %-10s %8d %8d %9d%n",
              s.csvValue(),
              patients(s).size(),
              count(s, NoduleLabel.BENIGN),
              count(s, NoduleLabel.MALIGNANT)));
    }
    sb.append(
        String.format(
            "  %d scans (%d without a kept nodule), %d nodules excluded, %d XML files skipped",
            scanCount(), scansWithoutNodules(), excluded.size(), skipped.size()));
    return sb.toString();
  }
}
