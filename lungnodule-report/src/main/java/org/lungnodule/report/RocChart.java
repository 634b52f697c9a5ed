package org.lungnodule.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.lungnodule.core.AtomicFiles;
import org.lungnodule.metrics.RocCurve;
import org.lungnodule.metrics.RocPoint;

/**
 * ROC curves of several models on one chart, written as PNG with JFreeChart (headless):
 *
 * <pre>{@code
 * RocChart.builder().title("HB test set")
 *     .add("baseline", baseReport.roc()).add("fine-tuned", tunedReport.roc())
 *     .build().writePng(Path.of("roc.png"));
 * }</pre>
 */
public final class RocChart {

  private static final Color[] COLORS = {
    new Color(0x1f77b4),
    new Color(0xd62728),
    new Color(0x2ca02c),
    new Color(0xff7f0e),
    new Color(0x9467bd),
    new Color(0x8c564b)
  };

  private final String title;
  private final Map<String, RocCurve> curves;
  private final int width;
  private final int height;

  private RocChart(String title, Map<String, RocCurve> curves, int width, int height) {
    this.title = title;
    this.curves = curves;
    this.width = width;
    this.height = height;
  }

  /** Starts a chart. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link RocChart}. Defaults: title "ROC", 800 × 700 pixels. */
  public static final class Builder {
    private String title;
    private final Map<String, RocCurve> curves = new LinkedHashMap<>();
    private Integer width;
    private Integer height;

    private Builder() {}

    /** Sets the title. */
    public Builder title(String chartTitle) {
      Objects.requireNonNull(chartTitle, "title");
      if (title != null) {
        throw new IllegalStateException("title was already set to " + title);
      }
      title = chartTitle;
      return this;
    }

    /** Adds a model's curve; the legend shows the name and the AUC. */
    public Builder add(String name, RocCurve curve) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(curve, "curve");
      if (curves.containsKey(name)) {
        throw new IllegalStateException("a curve named " + name + " was already added");
      }
      curves.put(name, curve);
      return this;
    }

    /** Sets the image size in pixels (each 100..8000). */
    public Builder size(int widthPx, int heightPx) {
      if (width != null) {
        throw new IllegalStateException("size was already set to " + width + "x" + height);
      }
      if (widthPx < 100 || heightPx < 100 || widthPx > 8000 || heightPx > 8000) {
        throw new IllegalArgumentException(
            "chart size must be 100..8000 pixels, got " + widthPx + "x" + heightPx);
      }
      width = widthPx;
      height = heightPx;
      return this;
    }

    /**
     * Builds the chart.
     *
     * @throws IllegalStateException if no curve was added
     */
    public RocChart build() {
      if (curves.isEmpty()) {
        throw new IllegalStateException("a roc chart needs at least one curve");
      }
      return new RocChart(
          title == null ? "ROC" : title,
          java.util.Collections.unmodifiableMap(new LinkedHashMap<>(curves)),
          width == null ? 800 : width,
          height == null ? 700 : height);
    }
  }

  /** The curves by name, in the order added. */
  public Map<String, RocCurve> curves() {
    return curves;
  }

  /** Builds the JFreeChart (for callers who want to restyle it). */
  public JFreeChart toJFreeChart() {
    XYSeriesCollection data = new XYSeriesCollection();
    List<String> names = new ArrayList<>(curves.keySet());
    for (String name : names) {
      RocCurve c = curves.get(name);
      XYSeries s =
          new XYSeries(String.format(Locale.ROOT, "%s (AUC %.3f)", name, c.auc()), false, true);
      for (RocPoint p : c.points()) {
        s.add(p.fpr(), p.tpr());
      }
      data.addSeries(s);
    }
    XYSeries chance = new XYSeries("chance", false, true);
    chance.add(0, 0);
    chance.add(1, 1);
    data.addSeries(chance);
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title,
            "1 - specificity (false-positive rate)",
            "sensitivity (true-positive rate)",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.getDomainAxis().setRange(0, 1);
    plot.getRangeAxis().setRange(0, 1);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    for (int i = 0; i < names.size(); i++) {
      r.setSeriesPaint(i, COLORS[i % COLORS.length]);
      r.setSeriesStroke(i, new BasicStroke(2f));
    }
    r.setSeriesPaint(names.size(), Color.GRAY);
    r.setSeriesStroke(
        names.size(),
        new BasicStroke(
            1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 6f}, 0f));
    plot.setRenderer(r);
    return chart;
  }

  /**
   * Writes the chart as PNG through a temporary file moved atomically into place. It draws into an
   * off-screen image, so it needs no display and sets no system property.
   *
   * @throws IOException if writing fails
   */
  public void writePng(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    JFreeChart chart = toJFreeChart();
    AtomicFiles.write(file, tmp -> ChartUtils.saveChartAsPNG(tmp.toFile(), chart, width, height));
  }

  @Override
  public String toString() {
    return "RocChart[" + title + ", " + curves.keySet() + ", " + width + "x" + height + "]";
  }
}
