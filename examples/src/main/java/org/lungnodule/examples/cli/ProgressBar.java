package org.lungnodule.examples.cli;

import java.io.Console;
import java.io.PrintWriter;
import org.lungnodule.models.TrainingListener;
import org.lungnodule.models.TrainingProgress;

/**
 * Turns training progress into a one-line progress bar on a terminal (redrawn with a carriage
 * return), and into nothing when the output is not a terminal (the library logs progress through
 * SLF4J anyway).
 */
final class ProgressBar implements TrainingListener {

  private final PrintWriter err;
  private final boolean terminal;
  private long lastDraw;

  ProgressBar(PrintWriter err) {
    this.err = err;
    Console c = System.console();
    this.terminal = c != null;
  }

  @Override
  public void onIteration(TrainingProgress p) {
    long now = System.nanoTime();
    if (!terminal || now - lastDraw < 200_000_000L) {
      return;
    }
    lastDraw = now;
    err.print("\r" + render(p));
    err.flush();
  }

  /** The bar's text: {@code [#####.....] 38% epoch 2/4 loss 0.5000 eta 1:15}. */
  static String render(TrainingProgress p) {
    int width = 30;
    int filled = (int) Math.round(p.fractionDone() * width);
    return String.format(
        java.util.Locale.ROOT,
        "[%s%s] %3d%% epoch %d/%d loss %.4f eta %s",
        "#".repeat(filled),
        ".".repeat(width - filled),
        Math.round(p.fractionDone() * 100),
        p.epoch(),
        p.totalEpochs(),
        p.loss(),
        p.eta().map(TrainingProgress::format).orElse("?"));
  }

  @Override
  public void onTrainingEnd(String reason) {
    if (terminal) {
      err.print("\r" + " ".repeat(110) + "\r");
      err.flush();
    }
  }
}
