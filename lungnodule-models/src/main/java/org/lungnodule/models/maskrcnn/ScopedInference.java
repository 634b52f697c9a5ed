package org.lungnodule.models.maskrcnn;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs a SameDiff graph forward with a session that lives for one call, and hands back plain {@code
 * float[]} copies of the outputs, with every array of the call released at once.
 *
 * <p>Why not {@code SameDiff.output} as it is: in ND4J 1.0.0-M2.1 a graph keeps one inference
 * session per thread id and never drops it (threads that have ended included), and each session
 * caches the arrays it releases, by exact shape, up to a quarter of JavaCPP's {@code maxBytes} (by
 * default the maximum heap); the arrays of a call are otherwise freed only when the garbage
 * collector happens to find their Java objects, which heap pressure does not drive. An application
 * running detection from pool threads over varied inputs (the proposal count changes the heads'
 * shapes) thus accumulates native memory. Here the session is made for the call, its cache is
 * closed after it, and the call's inputs and outputs are closed once copied, so one detection's
 * native memory is given back before the next starts, whichever thread runs it. The session a
 * thread already had (building a graph makes one) is put back afterwards.
 */
final class ScopedInference {

  private ScopedInference() {}

  /**
   * The named outputs of {@code sd} for the given placeholders, as copies in C order. The
   * placeholder arrays are closed afterwards (they must not be used again).
   */
  static Map<String, float[]> output(
      SameDiff sd, Map<String, INDArray> placeholders, String... outputs) {
    long thread = Thread.currentThread().getId();
    Map<Long, InferenceSession> sessions = sd.getSessions();
    InferenceSession own = new InferenceSession(sd);
    InferenceSession previous = sessions.put(thread, own);
    Map<String, INDArray> out = null;
    try {
      out = sd.output(placeholders, outputs);
      Map<String, float[]> copies = new LinkedHashMap<>();
      for (String name : outputs) {
        copies.put(name, copy(out.get(name)));
      }
      return copies;
    } finally {
      if (previous == null) {
        sessions.remove(thread, own);
      } else {
        sessions.put(thread, previous);
      }
      own.getMmgr().close();
      if (out != null) {
        out.values().forEach(ScopedInference::release);
      }
      placeholders.values().forEach(ScopedInference::release);
    }
  }

  /** The values of an array in C order. */
  static float[] copy(INDArray a) {
    boolean plain = a.ordering() == 'c' && !a.isView() && a.data().length() == a.length();
    INDArray c = plain ? a : a.dup('c');
    float[] v = c.data().asFloat();
    if (c != a) {
      release(c);
    }
    return v;
  }

  /** Frees an array's native memory now, if it owns it (views and workspace arrays are left). */
  static void release(INDArray a) {
    if (a != null && !a.wasClosed() && a.closeable()) {
      a.close();
    }
  }
}
