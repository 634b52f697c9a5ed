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
    int width = 30;
    int done = (int) Math.round(p.fractionDone() * width);
    err.print("\r[" + "#".repeat(done) + " ".repeat(width - done) + "] " + p);
    err.flush();
  }

  @Override
  public void onTrainingEnd(String reason) {
    if (terminal) {
      err.print("\r" + " ".repeat(110) + "\r");
      err.flush();
    }
  }
}
