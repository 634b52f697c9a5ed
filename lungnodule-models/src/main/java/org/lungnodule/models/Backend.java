package org.lungnodule.models;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which ND4J backend and native build this process runs on, and a clear error where it cannot load.
 *
 * <p>The build is chosen at Maven time by the {@code nd4j.classifier} property (default {@code
 * linux-x86_64-onednn}, about 8× faster for 3D convolutions than the generic build on x86-64) or by
 * the {@code cuda} profile. Call {@link #check()} before training or inference: it loads ND4J once
 * and turns a native-loading failure into a {@link BackendUnavailableException} that says how to
 * pick another build, instead of an {@code UnsatisfiedLinkError} from deep inside JavaCPP.
 */
public final class Backend {

  private static final Logger LOG = LoggerFactory.getLogger(Backend.class);
  private static volatile Info info;

  private Backend() {}

  /**
   * What was loaded.
   *
   * @param backend the ND4J backend class, for example {@code CpuBackend} or {@code JCublasBackend}
   * @param nativeBuild the native build, for example {@code linux-x86_64-onednn} (from the path of
   *     the loaded native library), or {@code unknown}
   * @param platform the JavaCPP platform, for example {@code linux-x86_64}
   * @param environment ND4J's environment report (BLAS vendor, threads, memory; read-only)
   */
  public record Info(
      String backend, String nativeBuild, String platform, Map<String, String> environment) {
    /** Validates and copies. */
    public Info {
      Objects.requireNonNull(backend, "backend");
      Objects.requireNonNull(nativeBuild, "nativeBuild");
      Objects.requireNonNull(platform, "platform");
      environment = Collections.unmodifiableMap(new TreeMap<>(environment));
    }

    /** Returns whether the oneDNN (MKL-DNN) build was loaded. */
    public boolean oneDnn() {
      return nativeBuild.contains("onednn");
    }

    /** Returns whether a CUDA backend was loaded. */
    public boolean cuda() {
      String b = backend.toLowerCase(java.util.Locale.ROOT);
      return b.contains("cuda") || b.contains("cublas");
    }

    @Override
    public String toString() {
      return "ND4J " + backend + " (" + nativeBuild + " on " + platform + ")";
    }
  }

  /**
   * Loads ND4J (once) and reports what was loaded.
   *
   * @return the backend information
   * @throws BackendUnavailableException if the native build cannot be loaded, with advice on which
   *     build to pick instead
   */
  public static Info check() {
    Info i = info;
    if (i != null) {
      return i;
    }
    synchronized (Backend.class) {
      if (info == null) {
        try {
          String backend = Nd4j.getBackend().getClass().getSimpleName();
          Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
          Map<String, String> envMap = new TreeMap<>();
          env.forEach((k, v) -> envMap.put(String.valueOf(k), String.valueOf(v)));
          info = new Info(backend, nativeBuild(), Loader.getPlatform(), envMap);
          LOG.info("ND4J backend loaded: {}", info);
        } catch (RuntimeException | LinkageError e) {
          throw new BackendUnavailableException(explain(e), e);
        }
      }
      return info;
    }
  }

  /** Finds the native build from the path of the loaded ND4J native library. */
  static String nativeBuild() {
    for (String path : Loader.getLoadedLibraries().values()) {
      if (path != null && (path.contains("jnind4jcpu") || path.contains("jnind4jcuda"))) {
        return buildFromPath(path);
      }
    }
    return "unknown";
  }

  /** Extracts the build name (the JavaCPP platform folder) from a native library path. */
  static String buildFromPath(String path) {
    String p = path.replace('\\', '/');
    int cut = p.lastIndexOf('/');
    String dir = cut < 0 ? "" : p.substring(0, cut);
    int prev = dir.lastIndexOf('/');
    String build = prev < 0 ? dir : dir.substring(prev + 1);
    return build.isEmpty() ? "unknown" : build;
  }

  /**
   * The message for a failure to load the native build: what failed, and which builds to try.
   *
   * @param cause the failure
   * @return one paragraph
   */
  static String explain(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String arch = System.getProperty("os.arch", "?");
    String os = System.getProperty("os.name", "?");
    return "the ND4J native build could not be loaded on "
        + os
        + "/"
        + arch
        + " ("
        + root.getClass().getSimpleName()
        + ": "
        + root.getMessage()
        + "). Pick another build and rebuild: -Dnd4j.classifier=linux-x86_64 (generic x86-64),"
        + " linux-x86_64-avx2, linux-x86_64-avx512, linux-x86_64-onednn (default) or"
        + " linux-x86_64-onednn-avx2; on ARM linux-arm64; on macOS macosx-x86_64 or macosx-arm64;"
        + " on Windows windows-x86_64; or -Pcuda on a machine with CUDA 11.6 and cuDNN 8.x."
        + " See the README section 'Choosing the ND4J native build'.";
  }
}
