package org.lungnodule.report;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One site of a {@link Localization}: its name and the site folders ({@code manifest.csv} and the
 * scans it names, read by {@link org.lungnodule.io.manifest.Site#open(Path)}) its two models learn
 * from. Usually both models read the same folder ({@link #of(Path)}, {@link #of(String, Path)}); a
 * site may give the classifier a folder of its own ({@link #of(String, Path, Path)}), as the demo
 * does with its nodule patches.
 *
 * <ul>
 *   <li>Classifier cases: a labelled cube around every MALIGNANT or BENIGN nodule of every scan of
 *       {@code classifierFolder} ({@link
 *       org.lungnodule.models.classifier.CubePreprocessing#labelledCubes}); UNKNOWN nodules are not
 *       used.
 *   <li>Segmenter cases: every scan of {@code segmenterFolder} with at least one nodule mask in the
 *       manifest (a nodule of such a scan without a mask is drawn as a ball of its diameter).
 * </ul>
 *
 * @param name the site's name: letters, digits, {@code .}, {@code _} or {@code -} (it names the
 *     work folders and is recorded in the fine-tuned models' provenance)
 * @param classifierFolder the site folder the classifier's cases come from
 * @param segmenterFolder the site folder the segmenter's cases come from
 */
public record LocalizationSite(String name, Path classifierFolder, Path segmenterFolder) {

  /**
   * Validates.
   *
   * @throws IllegalArgumentException if the name is not usable in a file name
   */
  public LocalizationSite {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(classifierFolder, "classifierFolder");
    Objects.requireNonNull(segmenterFolder, "segmenterFolder");
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(
          "site name must be letters, digits, '.', '_' or '-', got '" + name + "'");
    }
  }

  /**
   * A site read from one folder, named by the folder's own name.
   *
   * @throws IllegalArgumentException if the folder's name is not a usable site name (give one with
   *     {@link #of(String, Path)})
   */
  public static LocalizationSite of(Path folder) {
    Path abs = folder.toAbsolutePath().normalize();
    Path name = abs.getFileName();
    if (name == null) {
      throw new IllegalArgumentException("a site folder needs a name, got '" + folder + "'");
    }
    return of(name.toString(), folder);
  }

  /** A named site read from one folder. */
  public static LocalizationSite of(String name, Path folder) {
    return new LocalizationSite(name, folder, folder);
  }

  /** A named site whose classifier and segmenter cases come from two folders. */
  public static LocalizationSite of(String name, Path classifierFolder, Path segmenterFolder) {
    return new LocalizationSite(name, classifierFolder, segmenterFolder);
  }

  @Override
  public String toString() {
    return classifierFolder.equals(segmenterFolder)
        ? name + "=" + classifierFolder
        : name + "[classifier " + classifierFolder + ", segmenter " + segmenterFolder + "]";
  }
}
