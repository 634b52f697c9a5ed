package org.lungnodule.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Mask;
import org.lungnodule.core.Progress;
import org.lungnodule.core.preprocess.Resampler;
import org.lungnodule.finetune.inference.ScanSegmentOutputs;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.io.dicom.DicomReadOptions;
import org.lungnodule.io.dicom.DicomSeg;
import org.lungnodule.io.dicom.DicomSeries;
import org.lungnodule.io.dicom.SegmentToWrite;
import org.lungnodule.models.maskrcnn.DetectedNodule;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.lungnodule.models.maskrcnn.ScanSegmentation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code segment}: detects and segments nodules in one scan. */
@Command(
    name = "segment",
    mixinStandardHelpOptions = true,
    description =
        "Detect and segment nodules in a scan; writes nodules.csv, nodules.json and labels.mha (1 mm grid), and with --seg a DICOM SEG on the source series.")
public final class SegmentCommand implements Callable<Integer> {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SegmentCommand.class);

  @Mixin CliSupport.CommonOptions common;
  @Mixin CliSupport.DicomInputOptions dicom;
  @Spec CommandSpec spec;

  @Mixin CliSupport.MirrorsOption mirrors;

  @Option(names = "--model", required = true, description = "Segmenter archive (.zip).")
  Path model;

  @Option(
      names = "--scan",
      required = true,
      description = "DICOM folder or file, .mhd/.mha, .nii/.nii.gz.")
  Path scan;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(
      names = "--min-score",
      description = "Keep detections at or above this score (default: the model's, 0.5).")
  Double minScore;

  @Option(
      names = "--seg",
      paramLabel = "<file>",
      description =
          "Also write the detected nodules as a DICOM SEG (one segment per nodule, its score in"
              + " the Segment Description) referencing the input series; needs a DICOM --scan.")
  Path segOut;

  static boolean isDicom(Path p) {
    String n = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isDirectory(p) || n.endsWith(".dcm");
  }

  @Override
  public Integer call() throws Exception {
    if (segOut != null && !isDicom(scan)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--seg needs a DICOM series as --scan (a folder or a .dcm file), got " + scan);
    }
    Optional<DicomSeries> series = Optional.empty();
    CtVolume ct;
    if (isDicom(scan)) {
      series =
          Optional.of(
              Dicom.readSeriesWithInfo(scan, dicom.applyTo(DicomReadOptions.builder()).build()));
      ct = series.get().volume();
    } else {
      ct = VolumeFiles.read(scan);
    }
    NoduleSegmenter seg = NoduleSegmenter.load(model);
    seg = mirrors.applyTo(spec, seg);
    // progress with an ETA in the log (INFO every lungnodule.progressSeconds), one line per
    // window count step; created at the first window, when the window count is known
    Progress[] progress = new Progress[1];
    String task = "segment " + scan.getFileName();
    ScanSegmentation r =
        ScanSegmentOutputs.segment(
            seg,
            ct,
            minScore == null ? OptionalDouble.empty() : OptionalDouble.of(minScore),
            (done, total) -> {
              if (progress[0] == null) {
                progress[0] = Progress.logging(LOG, task, "windows", total);
              }
              progress[0].step();
            });
    ScanSegmentOutputs.write(r, out, VolumeFiles::writeMask);
    List<Map<String, Object>> rows = ScanSegmentOutputs.detections(r);
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("scan", scan.toString());
    res.put("nodules", r.nodules().size());
    res.put("out", out.toString());
    res.put("detections", rows);
    if (segOut != null) {
      res.put("seg", writeSeg(r, series.orElseThrow(), segOut));
    }
    CliSupport.print(spec, common.json, res);
    return 0;
  }

  /** Writes each nodule's mask, resampled onto the series' grid, as a SEG; says what it wrote. */
  static String writeSeg(ScanSegmentation r, DicomSeries series, Path out)
      throws java.io.IOException {
    Resampler onto = Resampler.resampleTo(series.volume().geometry());
    List<SegmentToWrite> segments = new ArrayList<>();
    for (DetectedNodule n : r.nodules()) {
      Mask m = onto.resample(r.mask(n));
      if (!m.isEmpty()) {
        segments.add(
            new SegmentToWrite(
                "nodule " + n.label(),
                Optional.of(String.format(Locale.ROOT, "score %.4f", n.score())),
                m));
      }
    }
    if (segments.isEmpty()) {
      return "not written: no nodule covers a voxel of the series";
    }
    DicomSeg.write(out, series, segments);
    return out + " (" + segments.size() + " segments)";
  }
}
