package org.lungnodule.models;

/**
 * The ND4J native build could not be loaded on this machine (missing natives, a CPU without the
 * instructions the build needs, no CUDA). The message says which builds to try instead.
 */
public final class BackendUnavailableException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that explains how to choose another build. */
  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
