package org.lungnodule.models.classifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.lungnodule.core.AnnotatedScan;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Nodule;
import org.lungnodule.core.NoduleLabel;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.preprocess.HuWindow;
import org.lungnodule.core.preprocess.NoduleCube;
import org.lungnodule.core.preprocess.NoduleCubes;
import org.lungnodule.core.preprocess.Resampler;

/**
 * How a scan becomes classifier input: resampling to an isotropic spacing (default 1 mm, linear),
 * then a {@link NoduleCubes} cube around each nodule centre (default 3 × 32 × 64 × 64, lung,
 * mediastinal and wide HU windows). Saved in the model archive so that a loaded classifier
 * preprocesses new scans exactly as its training data were.
 *
 * <p>Immutable and thread-safe.
 */
public final class CubePreprocessing {

  static final String SPACING_KEY = "resample.spacingMm";
  static final String WINDOWS_KEY = "cube.windowsHu";
  static final String SIZE_KEY = "cube.size";
  static final String PAD_KEY = "cube.padHu";

  private final double spacingMm;
  private final NoduleCubes cubes;

  private CubePreprocessing(double spacingMm, NoduleCubes cubes) {
    this.spacingMm = spacingMm;
    this.cubes = cubes;
  }

  /** 1 mm isotropic, {@link NoduleCubes#defaults()}. */
  public static CubePreprocessing defaults() {
    return of(1.0, NoduleCubes.defaults());
  }

  /**
   * A preprocessing.
   *
   * @param spacingMm isotropic target spacing in mm
   * @param cubes cube extraction settings
   * @throws IllegalArgumentException if the spacing is not positive and finite
   */
  public static CubePreprocessing of(double spacingMm, NoduleCubes cubes) {
    Objects.requireNonNull(cubes, "cubes");
    if (!(spacingMm > 0) || Double.isInfinite(spacingMm)) {
      throw new IllegalArgumentException("spacing must be positive, got " + spacingMm + " mm");
    }
    return new CubePreprocessing(spacingMm, cubes);
  }

  /** Returns the isotropic spacing scans are resampled to before cutting cubes, in mm. */
  public double spacingMm() {
    return spacingMm;
  }

  /** Returns the cube shape [c, d, h, w]. */
  public int[] shape() {
    return cubes.shape();
  }

  /** Returns the settings as text, including the network input shape. */
  public Map<String, String> toMap() {
    Map<String, String> m = new TreeMap<>();
    m.put(SPACING_KEY, Double.toString(spacingMm));
    List<String> w = new ArrayList<>();
    for (HuWindow h : cubes.windows()) {
      w.add(h.lowHu() + ":" + h.highHu());
    }
    m.put(WINDOWS_KEY, String.join(",", w));
    int[] s = cubes.shape();
    m.put(SIZE_KEY, s[1] + "x" + s[2] + "x" + s[3]);
    m.put(PAD_KEY, Float.toString(cubes.padHu()));
    m.put(MalignancyClassifier.INPUT_SHAPE_KEY, s[0] + "x" + s[1] + "x" + s[2] + "x" + s[3]);
    return m;
  }

  /**
   * Reads settings written by {@link #toMap()}.
   *
   * @throws IllegalArgumentException naming the key that is missing or malformed
   */
  public static CubePreprocessing fromMap(Map<String, String> m) {
    for (String k : List.of(SPACING_KEY, WINDOWS_KEY, SIZE_KEY, PAD_KEY)) {
      if (!m.containsKey(k)) {
        throw new IllegalArgumentException("cube preprocessing settings lack '" + k + "'");
      }
    }
    try {
      List<HuWindow> windows = new ArrayList<>();
      for (String w : m.get(WINDOWS_KEY).split(",")) {
        String[] p = w.split(":");
        windows.add(new HuWindow(Double.parseDouble(p[0]), Double.parseDouble(p[1])));
      }
      String[] size = m.get(SIZE_KEY).split("x");
      NoduleCubes c =
          NoduleCubes.builder()
              .size(Integer.parseInt(size[0]), Integer.parseInt(size[1]), Integer.parseInt(size[2]))
              .windows(windows)
              .padHu(Float.parseFloat(m.get(PAD_KEY)))
              .build();
      return of(Double.parseDouble(m.get(SPACING_KEY)), c);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "malformed cube preprocessing settings " + m + ": " + e.getMessage(), e);
    }
  }

  /** Resamples a volume to the target spacing (no copy when it already has it). */
  public CtVolume resample(CtVolume volume) {
    Spacing s = volume.spacing();
    if (s.equals(Spacing.isotropic(spacingMm))) {
      return volume;
    }
    return Resampler.isotropic(spacingMm).resample(volume);
  }

  /** Returns one cube per nodule, in order, from a volume (resampled here). */
  public List<NoduleCube> cubes(CtVolume volume, List<Nodule> nodules) {
    CtVolume iso = resample(volume);
    return cubes.extractAll(iso, nodules.stream().map(Nodule::centerMm).toList());
  }

  /**
   * Returns a labelled cube per benign or malignant nodule of a scan (nodules labelled {@link
   * NoduleLabel#UNKNOWN} are skipped). Case ids are {@code patient/scan/nodule}.
   */
  public List<LabelledCube> labelledCubes(AnnotatedScan scan) {
    List<Nodule> known =
        scan.nodules().stream().filter(n -> n.label() != NoduleLabel.UNKNOWN).toList();
    if (known.isEmpty()) {
      return List.of();
    }
    CtVolume iso = resample(scan.volume());
    List<LabelledCube> out = new ArrayList<>();
    for (Nodule n : known) {
      out.add(
          LabelledCube.ofHu(
              scan.patientId() + "/" + scan.scanId() + "/" + n.id(),
              scan.patientId(),
              cubes.extractHu(iso, n.centerMm()),
              cubes,
              n.label() == NoduleLabel.MALIGNANT));
    }
    return out;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "CubePreprocessing[%s mm isotropic, %s]", spacingMm, cubes);
  }
}
