package org.lungnodule.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.lungnodule.core.CtVolume;
import org.lungnodule.finetune.inference.ScanSegmentOutputs;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.models.maskrcnn.NoduleSegmenter;
import org.lungnodule.models.maskrcnn.ScanSegmentation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code segment}: detects and segments nodules in one scan. */
@Command(
    name = "segment",
    mixinStandardHelpOptions = true,
    description = "Detect and segment nodules in a scan; writes nodules.csv, nodules.json and labels.mha (1 mm grid).")
public final class SegmentCommand implements Callable<Integer> {

  @Mixin CliSupport.CommonOptions common;
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Segmenter archive (.zip).")
  Path model;

  @Option(names = "--scan", required = true, description = "DICOM folder or file, .mhd/.mha, .nii/.nii.gz.")
  Path scan;

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--min-score", description = "Keep detections at or above this score (default: the model's, 0.5).")
  Double minScore;

  static CtVolume readScan(Path p) throws java.io.IOException {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    if (Files.isDirectory(p) || n.endsWith(".dcm")) {
      return Dicom.readSeries(p);
    }
    return VolumeFiles.read(p);
  }

  @Override
  public Integer call() throws Exception {
    NoduleSegmenter seg = NoduleSegmenter.load(model);
    CtVolume ct = readScan(scan);
    ScanSegmentation r = ScanSegmentOutputs.segment(
        seg, ct, minScore == null ? OptionalDouble.empty() : OptionalDouble.of(minScore));
    ScanSegmentOutputs.write(r, out, VolumeFiles::writeMask);
    List<Map<String, Object>> rows = ScanSegmentOutputs.detections(r);
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("scan", scan.toString());
    res.put("nodules", r.nodules().size());
    res.put("out", out.toString());
    res.put("detections", rows);
    CliSupport.print(spec, common.json, res);
    return 0;
  }
}
