package org.lungnodule.io.manifest;

/**
 * Where the {@code scan_path} and {@code mask_path} of a manifest may lead: the trust boundary of a
 * site folder.
 *
 * <p>A manifest, like a downloaded data set, may come from someone else; by default ({@link
 * #INSIDE_FOLDER}) its paths are confined to the manifest's folder, so that a manifest cannot make
 * the library read {@code /etc/passwd} or a file from a neighbouring study. A manifest you wrote
 * yourself for data kept elsewhere may opt in to {@link #TRUSTED}.
 */
public enum ManifestPaths {
  /**
   * The default: each path must be relative and resolve, after following links, inside the
   * manifest's folder. Absolute paths, {@code ..} leading above the folder and links whose target
   * lies outside are refused with a {@link ManifestException} naming the manifest, the line, the
   * column ({@code scan_path} or {@code mask_path}) and the path.
   */
  INSIDE_FOLDER,

  /**
   * For a manifest you wrote yourself: absolute paths, {@code ..} and links leading elsewhere are
   * followed. Relative paths are still resolved against the manifest's folder.
   */
  TRUSTED
}
