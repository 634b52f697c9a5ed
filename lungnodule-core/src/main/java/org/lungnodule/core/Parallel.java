package org.lungnodule.core;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * Splits loops over slices (or any index range) across cores. The body must be safe to run
 * concurrently for different indices. The pool has one thread per available processor (the
 * common pool has one fewer, which leaves one of two cores idle); set the system property {@code
 * lungnodule.threads} to change it.
 */
public final class Parallel {

  private static final ForkJoinPool POOL = new ForkJoinPool(threads());

  private Parallel() {}

  private static int threads() {
    int n = Integer.getInteger("lungnodule.threads", Runtime.getRuntime().availableProcessors());
    return Math.max(1, n);
  }

  /** Returns the number of worker threads. */
  public static int parallelism() {
    return POOL.getParallelism();
  }

  /** Runs {@code body} for every index in [0, n), spread over the available cores. */
  public static void forEach(int n, IntConsumer body) {
    forRange(0, n, body);
  }

  /** Runs {@code body} for every index in [from, to), spread over the available cores. */
  public static void forRange(int from, int to, IntConsumer body) {
    if (to - from <= 1 || POOL.getParallelism() <= 1) {
      for (int i = from; i < to; i++) {
        body.accept(i);
      }
      return;
    }
    int grain = Math.max(1, (to - from) / (POOL.getParallelism() * 4));
    POOL.invoke(new Range(from, to, grain, body));
  }

  private static final class Range extends RecursiveAction {
    private static final long serialVersionUID = 1L;
    private final int from;
    private final int to;
    private final int grain;
    private final transient IntConsumer body;

    Range(int from, int to, int grain, IntConsumer body) {
      this.from = from;
      this.to = to;
      this.grain = grain;
      this.body = body;
    }

    @Override
    protected void compute() {
      if (to - from <= grain) {
        for (int i = from; i < to; i++) {
          body.accept(i);
        }
        return;
      }
      int mid = (from + to) >>> 1;
      invokeAll(new Range(from, mid, grain, body), new Range(mid, to, grain, body));
    }
  }
}
