package org.lungnodule.examples.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.core.CtVolume;
import org.lungnodule.core.Json;
import org.lungnodule.core.preprocess.LungField;
import org.lungnodule.io.VolumeFiles;
import org.lungnodule.io.dicom.Dicom;
import org.lungnodule.models.maskrcnn.DetectedNodule;
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
    LungField lungs = seg.lungField();
    ScanSegmentation r = minScore == null
        ? seg.segment(ct, lungs)
        : seg.segment(lungs.segmentationInput(org.lungnodule.core.preprocess.Resampler.isotropic(1.0).resample(ct)), minScore);
    Files.createDirectories(out);
    List<Map<String, Object>> rows = new ArrayList<>();
    StringBuilder csv = new StringBuilder("label,score,centerXMm,centerYMm,centerZMm,diameterMm,volumeMm3\n");
    for (DetectedNodule n : r.nodules()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("label", n.label());
      m.put("score", n.score());
      m.put("centerMm", List.of(n.centerMm().xMm(), n.centerMm().yMm(), n.centerMm().zMm()));
      m.put("diameterMm", n.diameterMm());
      m.put("volumeMm3", n.volumeMm3());
      m.put("boxMinMm", List.of(n.boxMinMm().xMm(), n.boxMinMm().yMm(), n.boxMinMm().zMm()));
      m.put("boxMaxMm", List.of(n.boxMaxMm().xMm(), n.boxMaxMm().yMm(), n.boxMaxMm().zMm()));
      rows.add(m);
      csv.append(String.format(Locale.ROOT, "%d,%.6f,%.3f,%.3f,%.3f,%.3f,%.3f%n", n.label(), n.score(),
          n.centerMm().xMm(), n.centerMm().yMm(), n.centerMm().zMm(), n.diameterMm(), n.volumeMm3()));
    }
    AtomicFiles.write(out.resolve("nodules.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(out.resolve("nodules.json"), (Json.write(rows) + "\n").getBytes(StandardCharsets.UTF_8));
    VolumeFiles.writeMask(r.labels(), out.resolve("labels.mha"));
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("scan", scan.toString());
    res.put("nodules", r.nodules().size());
    res.put("out", out.toString());
    res.put("detections", rows);
    CliSupport.print(spec, common.json, res);
    return 0;
  }
}
