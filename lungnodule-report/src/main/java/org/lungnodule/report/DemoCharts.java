package org.lungnodule.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.finetune.SiteComparison;

/**
 * The report's charts: ROC curves of every classifier and a bar chart of AUC and Dice, each with
 * the baseline, the continued model (the control arm, where it ran) and the fine-tuned model.
 */
final class DemoCharts {

  private DemoCharts() {}

  /**
   * Writes {@code roc.png} and {@code bars.png} into {@code dir} (atomically).
   *
   * @return file name → caption, for the report
   */
  static Map<String, String> write(Path dir, List<SiteComparison> comparisons) throws IOException {
    Map<String, String> images = new LinkedHashMap<>();
    RocChart.Builder roc =
        RocChart.builder().title("ROC curves: baseline, continued and fine-tuned classifiers");
    DefaultCategoryDataset bars = new DefaultCategoryDataset();
    boolean anyRoc = false;
    boolean publicAdded = false;
    for (SiteComparison c : comparisons) {
      if (c.classification().isPresent()) {
        SiteComparison.ClassifierComparison cc = c.classification().get();
        if (!publicAdded) {
          roc.add("baseline, public test", cc.baselinePublic().roc());
          bars.addValue(cc.baselinePublic().auc().value(), "baseline", "AUC public");
          publicAdded = true;
        }
        roc.add("baseline, " + c.site(), cc.baselineSite().roc());
        cc.continuedSite().ifPresent(x -> roc.add("continued, " + c.site(), x.roc()));
        roc.add("fine-tuned, " + c.site(), cc.fineTunedSite().roc());
        bars.addValue(cc.baselineSite().auc().value(), "baseline", "AUC " + c.site());
        cc.continuedSite()
            .ifPresent(x -> bars.addValue(x.auc().value(), "continued", "AUC " + c.site()));
        bars.addValue(cc.fineTunedSite().auc().value(), "fine-tuned", "AUC " + c.site());
        anyRoc = true;
      }
      if (c.segmentation().isPresent()) {
        SiteComparison.SegmenterComparison.Row dice = c.segmentation().get().rows().get("dice");
        bars.addValue(dice.baseline(), "baseline", "Dice " + c.site());
        dice.versusContinued()
            .ifPresent(x -> bars.addValue(x.continued(), "continued", "Dice " + c.site()));
        bars.addValue(dice.fineTuned(), "fine-tuned", "Dice " + c.site());
      }
    }
    if (anyRoc) {
      roc.build().writePng(dir.resolve("roc.png"));
      images.put("roc.png", "ROC curves of the baseline, continued and fine-tuned classifiers");
    }
    if (bars.getRowCount() > 0) {
      JFreeChart chart =
          ChartFactory.createBarChart(
              "Baseline, continued and fine-tuned",
              "",
              "value",
              bars,
              PlotOrientation.VERTICAL,
              true,
              false,
              false);
      chart.getCategoryPlot().getRangeAxis().setRange(0, 1);
      AtomicFiles.write(
          dir.resolve("bars.png"), tmp -> ChartUtils.saveChartAsPNG(tmp.toFile(), chart, 900, 450));
      images.put(
          "bars.png", "AUC and Dice of the baseline, continued and fine-tuned models per site");
    }
    return images;
  }
}
