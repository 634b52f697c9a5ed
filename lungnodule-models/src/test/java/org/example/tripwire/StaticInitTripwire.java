package org.example.tripwire;

/**
 * A class outside the packages a network configuration may name; loading it (which Jackson does for
 * any class a type id names, running its static initializer) sets {@link Flag#LOADED}.
 */
public final class StaticInitTripwire {

  static {
    Flag.LOADED.set(true);
  }

  private StaticInitTripwire() {}

  /** Holds the flag in a class that the test can touch without initializing the tripwire. */
  public static final class Flag {
    /** Set by the tripwire's static initializer. */
    public static final java.util.concurrent.atomic.AtomicBoolean LOADED =
        new java.util.concurrent.atomic.AtomicBoolean();

    private Flag() {}
  }
}
