package org.lungnodule.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Spacing;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.core.preprocess.Resampler;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.io.dicom.Dicom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lungnodule preprocess <in> --spacing 1.0 --out out.mhd [--lung-mask m.mhd]}: resamples a
 * scan (trilinear, grid centred on the original) and optionally writes its lung field.
 */
@Command(
    name = "preprocess",
    mixinStandardHelpOptions = true,
    description = {
      "Resample a CT scan to an isotropic spacing (trilinear; the new grid is centred on the old"
          + " one) and optionally extract its lung field.",
      "Reads .mhd/.mha, .nii/.nii.gz, or a DICOM folder (or one .dcm file); writes .mhd/.mha or"
          + " .nii/.nii.gz."
    })
public final class PreprocessCommand implements Callable<Integer> {

  @Mixin CliSupport.CommonOptions common;

  @Mixin CliSupport.DicomInputOptions dicom;

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "<in>",
      description = "The scan: a volume file or a DICOM folder.")
  Path input;

  @Option(
      names = "--spacing",
      paramLabel = "<mm>",
      defaultValue = "1.0",
      description = "Target isotropic spacing in mm (default: ${DEFAULT-VALUE}).")
  double spacingMm;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "<file>",
      description = "The resampled volume.")
  Path out;

  @Option(
      names = "--lung-mask",
      paramLabel = "<file>",
      description = "Also write the lung field (1 inside) on the resampled grid.")
  Path lungMask;

  @Override
  public Integer call() throws IOException {
    if (!(spacingMm > 0) || Double.isInfinite(spacingMm)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--spacing must be positive and finite, got " + spacingMm + " mm");
    }
    long t0 = System.nanoTime();
    CtVolume ct = read(input);
    CtVolume iso = Resampler.builder().spacing(Spacing.isotropic(spacingMm)).build().resample(ct);
    VolumeFiles.write(iso, out);
    Optional<Mask> field = Optional.empty();
    if (lungMask != null) {
      field = Optional.of(LungField.builder().build().extract(iso));
      VolumeFiles.writeMask(field.get(), lungMask);
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("input", input.toString());
    r.put("inputDims", List.of(ct.dims().nx(), ct.dims().ny(), ct.dims().nz()));
    r.put("inputSpacingMm", ct.spacing().toString());
    r.put("output", out.toString());
    r.put("outputDims", List.of(iso.dims().nx(), iso.dims().ny(), iso.dims().nz()));
    r.put("outputSpacingMm", iso.spacing().toString());
    if (field.isPresent()) {
      r.put("lungMask", lungMask.toString());
      r.put("lungVolumeMl", Math.round(field.get().volumeMm3() / 100.0) / 10.0);
    }
    r.put("seconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
    CliSupport.print(spec, common.json, r);
    return 0;
  }

  private CtVolume read(Path in) throws IOException {
    String name = in.getFileName() == null ? "" : in.getFileName().toString().toLowerCase();
    if (Files.isDirectory(in) || name.endsWith(".dcm")) {
      return Dicom.readSeriesWithInfo(
              in, dicom.applyTo(org.lungnodule.io.dicom.DicomReadOptions.builder()).build())
          .volume();
    }
    return VolumeFiles.read(in);
  }
}
