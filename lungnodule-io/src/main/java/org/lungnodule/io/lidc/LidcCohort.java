package org.lungnodule.io.lidc;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.io.internal.Csv;

/**
 * An LIDC cohort: the nodules kept by {@link LidcCohortRules}, with their labels, and the ones left
 * out with the reason. Immutable.
 *
 * <pre>{@code
 * LidcCohort cohort = LidcCohort.of(LidcCohortRules.PAPER, List.of(
 *     new LidcCohort.Scan("LIDC-IDRI-0001", seriesUid, clusterer.cluster(xml, geometry))));
 * LidcCohort.Split split = cohort.split(0.8, 42);   // by patient
 * }</pre>
 *
 * @param rules the rules applied
 * @param included the kept nodules, in scan and nodule order
 * @param excluded the nodules left out, with reasons
 */
public record LidcCohort(LidcCohortRules rules, List<Entry> included, List<Excluded> excluded) {

  /** Validates and copies. */
  public LidcCohort {
    Objects.requireNonNull(rules, "rules");
    included = List.copyOf(included);
    excluded = List.copyOf(excluded);
  }

  /**
   * One scan's clustered nodules.
   *
   * @param patientId patient (the split unit)
   * @param scanId scan (e.g. the SeriesInstanceUID)
   * @param nodules the nodules from {@link LidcClusterer}
   */
  public record Scan(String patientId, String scanId, List<LidcNodule> nodules) {
    /** Validates and copies. */
    public Scan {
      Objects.requireNonNull(patientId, "patientId");
      Objects.requireNonNull(scanId, "scanId");
      nodules = List.copyOf(nodules);
    }
  }

  /**
   * A kept nodule.
   *
   * @param patientId patient
   * @param scanId scan
   * @param nodule the nodule with its label, consensus mask and ratings
   * @param readers how many readers marked it
   */
  public record Entry(String patientId, String scanId, Nodule nodule, int readers) {}

  /**
   * A nodule left out.
   *
   * @param patientId patient
   * @param scanId scan
   * @param noduleId the nodule
   * @param reason why
   */
  public record Excluded(String patientId, String scanId, String noduleId, String reason) {}

  /**
   * A patient-level split.
   *
   * @param train training nodules
   * @param test test nodules
   * @param trainPatients the training patients, sorted
   * @param testPatients the test patients, sorted
   */
  public record Split(
      List<Entry> train, List<Entry> test, List<String> trainPatients, List<String> testPatients) {
    /** Copies. */
    public Split {
      train = List.copyOf(train);
      test = List.copyOf(test);
      trainPatients = List.copyOf(trainPatients);
      testPatients = List.copyOf(testPatients);
    }
  }

  /** Applies the rules to the nodules of each scan. */
  public static LidcCohort of(LidcCohortRules rules, List<Scan> scans) {
    List<Entry> in = new ArrayList<>();
    List<Excluded> out = new ArrayList<>();
    for (Scan s : scans) {
      for (LidcNodule n : s.nodules()) {
        LidcCohortRules.Decision d = rules.decide(n);
        if (d.label().isPresent()) {
          in.add(
              new Entry(s.patientId(), s.scanId(), n.toNodule(d.label().get()), n.readerCount()));
        } else {
          out.add(new Excluded(s.patientId(), s.scanId(), n.id(), d.exclusion().orElseThrow()));
        }
      }
    }
    return new LidcCohort(rules, in, out);
  }

  /** Returns the number of kept nodules with a label. */
  public int count(NoduleLabel label) {
    return (int) included.stream().filter(e -> e.nodule().label() == label).count();
  }

  /** Returns the kept nodules per label (BENIGN, MALIGNANT). */
  public Map<NoduleLabel, Integer> counts() {
    Map<NoduleLabel, Integer> m = new EnumMap<>(NoduleLabel.class);
    m.put(NoduleLabel.BENIGN, count(NoduleLabel.BENIGN));
    m.put(NoduleLabel.MALIGNANT, count(NoduleLabel.MALIGNANT));
    return m;
  }

  /** Returns the patients with at least one kept nodule, sorted. */
  public List<String> patients() {
    return List.copyOf(new TreeSet<>(included.stream().map(Entry::patientId).toList()));
  }

  /**
   * Splits the kept nodules by patient: the patients are sorted, shuffled with {@code seed}
   * (Fisher–Yates on a {@link SplittableRandom}), and the first {@code round(trainFraction × n)} go
   * to training. All nodules of a patient fall on the same side.
   *
   * @param trainFraction in (0, 1), e.g. 0.8 for the paper's 8:2
   * @param seed the seed; the same seed gives the same split
   * @throws IllegalArgumentException if the fraction is not in (0, 1)
   */
  public Split split(double trainFraction, long seed) {
    Set<String> train = trainPatients(patients(), trainFraction, seed);
    List<Entry> tr = included.stream().filter(e -> train.contains(e.patientId())).toList();
    List<Entry> te = included.stream().filter(e -> !train.contains(e.patientId())).toList();
    List<String> test = patients().stream().filter(p -> !train.contains(p)).toList();
    return new Split(tr, te, new TreeSet<>(train).stream().toList(), test);
  }

  /**
   * The training side of a seeded patient split, as {@link #split} makes it: the patients are
   * sorted, shuffled with {@code seed} (Fisher–Yates on a {@link SplittableRandom}), and the first
   * {@code round(trainFraction × n)} go to training.
   *
   * @throws IllegalArgumentException if the fraction is not in (0, 1)
   */
  static Set<String> trainPatients(Collection<String> patients, double trainFraction, long seed) {
    if (!(trainFraction > 0 && trainFraction < 1)) {
      throw new IllegalArgumentException("trainFraction must be in (0, 1), got " + trainFraction);
    }
    List<String> p = new ArrayList<>(new TreeSet<>(patients));
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = p.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      String t = p.get(i);
      p.set(i, p.get(j));
      p.set(j, t);
    }
    int nTrain = (int) Math.round(trainFraction * p.size());
    return new HashSet<>(p.subList(0, nTrain));
  }

  /**
   * Writes the kept nodules as CSV with a split column, atomically. Columns: {@code
   * patient_id,scan_id,nodule_id,center_x_mm,center_y_mm,center_z_mm,diameter_mm,label,readers,
   * ratings,median_malignancy,split} ({@code ratings} space-separated; {@code split} is {@code
   * train} or {@code test}).
   *
   * @throws IOException if writing fails
   */
  public void writeCsv(Path csv, Split split) throws IOException {
    Set<String> trainPatients = new LinkedHashSet<>(split.trainPatients());
    Path temp = AtomicFiles.tempBeside(csv);
    try {
      try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        w.write(
            "patient_id,scan_id,nodule_id,center_x_mm,center_y_mm,center_z_mm,diameter_mm,label,"
                + "readers,ratings,median_malignancy,split\n");
        for (Entry e : included) {
          Nodule n = e.nodule();
          w.write(
              String.join(
                  ",",
                  Csv.quote(e.patientId()),
                  Csv.quote(e.scanId()),
                  Csv.quote(n.id()),
                  fmt(n.centerMm().xMm()),
                  fmt(n.centerMm().yMm()),
                  fmt(n.centerMm().zMm()),
                  fmt(n.diameterMm()),
                  n.label().name(),
                  Integer.toString(e.readers()),
                  n.malignancyRatings().stream()
                      .map(String::valueOf)
                      .collect(Collectors.joining(" ")),
                  n.medianRating().map(LidcCohort::fmt).orElse(""),
                  trainPatients.contains(e.patientId()) ? "train" : "test"));
          w.write('\n');
        }
      }
      AtomicFiles.moveInto(temp, csv);
    } finally {
      AtomicFiles.deleteQuietly(temp);
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v).replaceAll("\\.?0+$", "");
  }

  @Override
  public String toString() {
    return "LidcCohort["
        + patients().size()
        + " patients, "
        + count(NoduleLabel.MALIGNANT)
        + " malignant, "
        + count(NoduleLabel.BENIGN)
        + " benign, "
        + excluded.size()
        + " excluded; "
        + rules
        + "]";
  }
}
