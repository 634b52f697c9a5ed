package org.lungnodule.core;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * Splits loops over slices (or any index range) across cores. The body must be safe to run
 * concurrently for different indices.
 *
 * <p>The work runs in one fork-join pool, created on first use with one thread per available
 * processor (the common pool has one fewer, which leaves one of two cores idle), or with the number
 * in the system property {@code lungnodule.threads}. An application that manages its own threads
 * sets the parallelism ({@link #setParallelism(int)}) or hands over a pool of its own ({@link
 * #usePool(ForkJoinPool)}) before or between jobs; the library then never starts threads of its own
 * for these loops. Loops already running finish on the pool they started on.
 */
public final class Parallel {

  private static volatile ForkJoinPool pool;
  private static boolean ownPool;

  private Parallel() {}

  private static int defaultThreads() {
    int n = Integer.getInteger("lungnodule.threads", Runtime.getRuntime().availableProcessors());
    return Math.max(1, n);
  }

  private static ForkJoinPool pool() {
    ForkJoinPool p = pool;
    if (p == null) {
      synchronized (Parallel.class) {
        p = pool;
        if (p == null) {
          p = new ForkJoinPool(defaultThreads());
          pool = p;
          ownPool = true;
        }
      }
    }
    return p;
  }

  /**
   * Uses a pool of {@code threads} worker threads from now on (the previous pool, if the library
   * created it, is shut down once its running loops finish).
   *
   * @throws IllegalArgumentException if {@code threads} is less than 1
   */
  public static void setParallelism(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    replace(new ForkJoinPool(threads), true);
  }

  /**
   * Runs the library's parallel loops on the caller's pool from now on; the library never shuts it
   * down. The previous pool, if the library created it, is shut down once its loops finish.
   *
   * @throws NullPointerException if {@code callerPool} is null
   */
  public static void usePool(ForkJoinPool callerPool) {
    replace(java.util.Objects.requireNonNull(callerPool, "callerPool"), false);
  }

  private static synchronized void replace(ForkJoinPool next, boolean own) {
    ForkJoinPool old = pool;
    boolean oldOwn = ownPool;
    pool = next;
    ownPool = own;
    if (old != null && oldOwn && old != next) {
      old.shutdown();
    }
  }

  /** Returns the number of worker threads. */
  public static int parallelism() {
    return pool().getParallelism();
  }

  /** Runs {@code body} for every index in [0, n), spread over the available cores. */
  public static void forEach(int n, IntConsumer body) {
    forRange(0, n, body);
  }

  /** Runs {@code body} for every index in [from, to), spread over the available cores. */
  public static void forRange(int from, int to, IntConsumer body) {
    ForkJoinPool p = pool();
    if (to - from <= 1 || p.getParallelism() <= 1) {
      for (int i = from; i < to; i++) {
        body.accept(i);
      }
      return;
    }
    int grain = Math.max(1, (to - from) / (p.getParallelism() * 4));
    p.invoke(new Range(from, to, grain, body));
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
