package org.lungnodule.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.VolumeGeometry;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomReadOptions;
import org.lungnodule.io.dicom.DicomSeries;
import org.lungnodule.io.dicom.DicomWriteOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lungnodule convert <in> <out>}: converts a CT volume between formats. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Convert a CT volume: reads a DICOM folder or .dcm file, .mhd, .mha, .nii or .nii.gz; writes"
          + " .mhd (+ .raw), .mha, .nii, .nii.gz, or a DICOM series into a new folder (any output"
          + " name without one of those extensions).",
      "MetaImage and NIfTI outputs are int16 when every voxel is an integer in range, else float32."
          + " NIfTI is stored in RAS (x and y negated), everything else in LPS."
    })
public final class ConvertCommand implements Callable<Integer> {

  @Mixin CliSupport.CommonOptions common;
  @Mixin CliSupport.DicomInputOptions dicom;
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "<in>",
      description = "Input volume (file or DICOM folder).")
  Path input;

  @Parameters(
      index = "1",
      paramLabel = "<out>",
      description = "Output: out.mhd, out.mha, out.nii, out.nii.gz, or a new DICOM folder.")
  Path output;

  @Option(
      names = "--patient-id",
      description = "PatientID written into a DICOM output (default ANONYMOUS).")
  String patientId;

  @Override
  public Integer call() throws Exception {
    CtVolume v;
    List<String> warnings = List.of();
    if (Files.exists(input) && VolumeFiles.formatOf(input) == VolumeFiles.Format.DICOM) {
      DicomSeries s =
          Dicom.readSeriesWithInfo(input, dicom.applyTo(DicomReadOptions.builder()).build());
      v = s.volume();
      warnings = s.warnings();
    } else {
      v = VolumeFiles.read(input);
    }
    String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean file =
        name.endsWith(".mhd")
            || name.endsWith(".mha")
            || name.endsWith(".nii")
            || name.endsWith(".nii.gz");
    String format;
    if (file) {
      VolumeFiles.write(v, output);
      format = VolumeFiles.formatOf(output).name();
    } else {
      if (Files.isRegularFile(output)) {
        throw new IllegalArgumentException(
            output
                + " is a file; a DICOM output must be a new or empty folder (or name the output"
                + " .mhd, .mha, .nii or .nii.gz)");
      }
      DicomWriteOptions.Builder b = DicomWriteOptions.builder();
      if (patientId != null) {
        b.patientId(patientId);
      }
      Dicom.writeSeries(v, output, b.build());
      format = "DICOM";
    }
    VolumeGeometry g = v.geometry();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("input", input.toString());
    r.put("output", output.toString());
    r.put("format", format);
    r.put("dims", List.of(g.dims().nx(), g.dims().ny(), g.dims().nz()));
    r.put("spacingMm", toList(g.spacing().toArray()));
    r.put("originMm", toList(g.origin().toArray()));
    r.put("direction", toList(g.direction().toRowMajor()));
    if (!warnings.isEmpty()) {
      r.put("warnings", warnings);
    }
    CliSupport.print(spec, common.json, r);
    return 0;
  }

  private static List<Double> toList(double[] a) {
    List<Double> l = new ArrayList<>();
    for (double d : a) {
      l.add(d);
    }
    return l;
  }
}
