package org.lungnodule.examples.cli;

import java.util.Locale;
import java.util.Optional;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.io.manifest.ManifestEntry;
import org.lungnodule.io.manifest.ManifestSplit;
import org.lungnodule.io.manifest.Site;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Which rows of a site a command reads, by the manifest's optional {@code split} column ({@link
 * Site#split}): the training commands read the {@code train} rows ({@code --use-all-rows} for every
 * row), the evaluation commands the {@code test} rows ({@code --split test|train|all}). A site
 * without the column is read whole, as before.
 */
public final class SiteRows {

  /** The name reported for a site without a {@code split} column (every row read). */
  static final String NONE = "none";

  /** The name reported when every row of a site with a split is read. */
  static final String ALL = "all";

  private SiteRows() {}

  /**
   * The rows a command reads and the rows it leaves out.
   *
   * @param rows the site, or the view of one side, the command reads
   * @param split what was read: {@code train}, {@code test}, {@code all} (a site with a split, read
   *     whole) or {@code none} (a site without a split column)
   * @param heldOut the other side of the split, when one side is read
   */
  record Selection(Site rows, String split, Optional<Site> heldOut) {

    /** Returns the number of patients left out (0 when the whole site is read). */
    int heldOutPatients() {
      return heldOut.map(s -> s.patientIds().size()).orElse(0);
    }

    /** Returns the number of scans left out. */
    int heldOutScans() {
      return heldOut.map(Site::scanCount).orElse(0);
    }

    /** Returns the number of nodules left out, all labels. */
    int heldOutNodules() {
      return heldOut.map(s -> s.manifest().noduleCount()).orElse(0);
    }

    /** Returns the number of benign or malignant nodules left out (what a classifier trains on). */
    int heldOutLabelledNodules() {
      return (int)
          heldOut.stream()
              .flatMap(s -> s.manifest().entries().stream())
              .map(ManifestEntry::nodule)
              .flatMap(Optional::stream)
              .filter(n -> n.label() != NoduleLabel.UNKNOWN)
              .count();
    }
  }

  /** The option of the training commands, {@code --use-all-rows}; a picocli mixin. */
  public static final class TrainingOptions {
    /** Train on every row, test patients included. */
    @CommandLine.Option(
        names = "--use-all-rows",
        description =
            "Train on every row of the site, the test rows of its split column included (default:"
                + " the train rows only when manifest.csv has a split column).")
    public boolean useAllRows;

    /**
     * Returns the rows to train on: the {@code train} side of a site with a split, else the whole
     * site.
     *
     * @throws IllegalArgumentException if the train side holds no scan
     */
    Selection select(Site site) {
      if (!site.hasSplit()) {
        return new Selection(site, NONE, Optional.empty());
      }
      if (useAllRows) {
        return new Selection(site, ALL, Optional.empty());
      }
      return side(site, ManifestSplit.TRAIN, "--use-all-rows");
    }
  }

  /**
   * Returns the rows an evaluation reads.
   *
   * @param spec the command, for usage errors
   * @param site the site
   * @param option the option's name, for messages ({@code --split})
   * @param choice {@code test}, {@code train}, {@code all}, or null for the default
   * @param defaultSide the side read by default when the site has a split
   * @throws CommandLine.ParameterException (exit 2) for another value, or {@code train}/{@code
   *     test} on a site without a split column
   * @throws IllegalArgumentException if the chosen side holds no scan
   */
  static Selection forEvaluation(
      CommandSpec spec, Site site, String option, String choice, ManifestSplit defaultSide) {
    if (choice == null) {
      return site.hasSplit()
          ? side(site, defaultSide, option + " all")
          : new Selection(site, NONE, Optional.empty());
    }
    String c = choice.toLowerCase(Locale.ROOT);
    if (c.equals(ALL)) {
      return new Selection(site, site.hasSplit() ? ALL : NONE, Optional.empty());
    }
    Optional<ManifestSplit> side = ManifestSplit.parse(c);
    if (side.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + " must be test, train or all, got '" + choice + "'");
    }
    if (!site.hasSplit()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          option
              + " "
              + c
              + " needs a site with a split column, and the manifest of "
              + site.folder()
              + " has none (leave "
              + option
              + " out, or give "
              + option
              + " all)");
    }
    return side(site, side.get(), option + " all");
  }

  private static Selection side(Site site, ManifestSplit side, String everyRow) {
    ManifestSplit other = side == ManifestSplit.TRAIN ? ManifestSplit.TEST : ManifestSplit.TRAIN;
    Site rows = site.split(side).orElseThrow();
    if (rows.scanCount() == 0) {
      throw new IllegalArgumentException(
          "the "
              + side.csvValue()
              + " side of the split of "
              + site.folder()
              + " holds no scan (every row of manifest.csv is "
              + other.csvValue()
              + "); use "
              + everyRow
              + " to read every row");
    }
    return new Selection(rows, side.csvValue(), site.split(other));
  }
}
