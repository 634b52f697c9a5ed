package org.lungnodule.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ParallelTest {

  @AfterEach
  void restore() {
    Parallel.setParallelism(
        Math.max(
            1,
            Integer.getInteger("lungnodule.threads", Runtime.getRuntime().availableProcessors())));
  }

  @Test
  void forRange_visitsEveryIndexOnce() {
    Parallel.setParallelism(3);
    AtomicLong sum = new AtomicLong();
    Parallel.forRange(5, 1005, i -> sum.addAndGet(i));
    assertEquals((5 + 1004) * 1000L / 2, sum.get());
    assertEquals(3, Parallel.parallelism());
  }

  @Test
  void usePool_runsOnTheCallersThreads() {
    ForkJoinPool mine =
        new ForkJoinPool(
            2,
            p -> {
              ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
              t.setName("caller-pool-" + t.getPoolIndex());
              return t;
            },
            null,
            false);
    try {
      Parallel.usePool(mine);
      Set<String> names = ConcurrentHashMap.newKeySet();
      Parallel.forEach(64, i -> names.add(Thread.currentThread().getName()));
      assertFalse(names.isEmpty());
      assertTrue(
          names.stream()
              .allMatch(
                  n -> n.startsWith("caller-pool-") || n.equals(Thread.currentThread().getName())),
          names.toString());
      assertEquals(2, Parallel.parallelism());
      Parallel.setParallelism(1);
      assertFalse(mine.isShutdown(), "the caller's pool is never shut down by the library");
    } finally {
      mine.shutdown();
    }
  }

  @Test
  void setParallelism_one_runsOnTheCallingThread() {
    Parallel.setParallelism(1);
    Set<String> names = ConcurrentHashMap.newKeySet();
    Parallel.forEach(100, i -> names.add(Thread.currentThread().getName()));
    assertEquals(Set.of(Thread.currentThread().getName()), names);
  }

  @Test
  void setParallelism_zero() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Parallel.setParallelism(0))
            .getMessage()
            .contains("got 0"));
  }

  @Test
  void usePool_null() {
    assertThrows(NullPointerException.class, () -> Parallel.usePool(null));
  }
}
