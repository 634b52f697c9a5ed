package org.lungnodule.examples.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lungnodule.phantom.PhantomPreview;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lungnodule phantom-preview}: a PNG of one axial slice per site with nodule outlines. */
@Command(
    name = "phantom-preview",
    mixinStandardHelpOptions = true,
    description =
        "Draw one axial slice of a PUBLIC, HB and XZ phantom scan (nodule outlines) as PNG.")
public final class PhantomPreviewCommand implements Callable<Integer> {

  @Mixin CliSupport.CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, description = "The PNG file to write.")
  Path out;

  @Option(names = "--seed", defaultValue = "7", description = "Random seed (default 7).")
  long seed;

  @Option(names = "--patient", defaultValue = "0", description = "Patient index (default 0).")
  int patient;

  @Override
  public Integer call() throws Exception {
    PhantomPreview.writePng(out, seed, patient);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("out", out.toAbsolutePath().toString());
    m.put("seed", seed);
    m.put("patient", patient);
    CliSupport.print(spec, common.json, m);
    return 0;
  }
}
