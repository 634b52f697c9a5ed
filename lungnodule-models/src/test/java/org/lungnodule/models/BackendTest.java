package org.lungnodule.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackendTest {

  @Test
  void check_loadsCpuBackendWithOneDnn() {
    Backend.Info info = Backend.check();
    assertEquals("CpuBackend", info.backend());
    // the build is chosen by -Dnd4j.classifier; the default profile is linux-x86_64-onednn
    String expected = System.getProperty("nd4j.classifier", "linux-x86_64-onednn");
    assertEquals(expected, info.nativeBuild(), info.toString());
    assertTrue(info.oneDnn() == expected.contains("onednn"));
    assertFalse(info.cuda());
  }

  @Test
  void buildFromPath_takesPlatformFolder() {
    assertEquals(
        "linux-x86_64-onednn",
        Backend.buildFromPath(
            "/root/.javacpp/cache/nd4j-native-1.0.0-M2.1-linux-x86_64-onednn.jar/org/nd4j/linalg/"
                + "cpu/nativecpu/bindings/linux-x86_64-onednn/libjnind4jcpu.so"));
    assertEquals("unknown", Backend.buildFromPath("libjnind4jcpu.so"));
  }

  @Test
  void explain_namesTheBuildsToTry() {
    String msg =
        Backend.explain(new RuntimeException("wrap", new UnsatisfiedLinkError("no jnind4jcpu")));
    assertTrue(msg.contains("UnsatisfiedLinkError: no jnind4jcpu"), msg);
    assertTrue(msg.contains("-Dnd4j.classifier=linux-x86_64"), msg);
    assertTrue(msg.contains("linux-x86_64-avx2"), msg);
    assertTrue(msg.contains("-Pcuda"), msg);
  }
}
