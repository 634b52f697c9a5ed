package org.lungnodule.examples.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lungnodule.phantom.Phantom;
import org.lungnodule.phantom.PhantomSite;
import org.lungnodule.phantom.PhantomSize;
import org.lungnodule.phantom.SiteProfile;
import org.lungnodule.phantom.SiteSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lungnodule phantom}: writes a synthetic site (DICOM series + manifest.csv + masks). */
@Command(
    name = "phantom",
    mixinStandardHelpOptions = true,
    description = {
      "Write a synthetic chest-CT site: one DICOM series per patient, nodule masks (.mhd) and",
      "manifest.csv, then print a summary. Same seed, same bytes."
    })
public final class PhantomCommand implements Callable<Integer> {

  @Mixin CliSupport.CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--profile", required = true, description = "Site profile: PUBLIC, HB or XZ.")
  String profile;

  @Option(names = "--patients", required = true, description = "Number of patients (scans).")
  int patients;

  @Option(names = "--seed", required = true, description = "Random seed.")
  long seed;

  @Option(names = "--out", required = true, description = "Site folder (must be empty or new).")
  Path out;

  @Option(
      names = "--size",
      defaultValue = "quick",
      description = "test, quick (default: both lungs, <= 40 MB a scan) or full (512 x 512).")
  String size;

  @Option(
      names = "--shift-strength",
      defaultValue = "1",
      description = "Domain shift from PUBLIC: 0 = PUBLIC imaging, 1 = the preset (default).")
  double shiftStrength;

  @Option(
      names = "--format",
      defaultValue = "dicom",
      description = "dicom (default), dicom-rle (RLE lossless) or mhd.")
  String format;

  @Option(names = "--no-masks", description = "Do not write nodule masks.")
  boolean noMasks;

  @Option(names = "--dry-run", description = "Print the summary without writing anything.")
  boolean dryRun;

  @Override
  public Integer call() throws Exception {
    SiteProfile p = SiteProfile.preset(profile).withShiftStrength(shiftStrength);
    Phantom ph = Phantom.builder().profile(p).size(PhantomSize.parse(size)).seed(seed).build();
    PhantomSite site =
        PhantomSite.of(ph).withFormat(PhantomSite.ScanFormat.parse(format)).withMasks(!noMasks);
    long t0 = System.nanoTime();
    SiteSummary s = dryRun ? site.summarize(patients) : site.write(out, patients);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("out", dryRun ? "(dry run)" : out.toAbsolutePath().toString());
    m.put("size", ph.size().name().toLowerCase(java.util.Locale.ROOT));
    m.put("shiftStrength", shiftStrength);
    m.put("seed", seed);
    m.putAll(s.toMap());
    m.put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
    CliSupport.print(spec, common.json, m);
    return 0;
  }
}
