package com.example.cad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application built against the installed artifacts, as a third party builds it. */
class CadAppTest {

  @Test
  void theReadmeJobRuns(@TempDir Path work) throws Exception {
    CadApp.Findings f = CadApp.run(work);
    assertEquals(1.0, f.isotropic().geometry().spacing().xMm(), 1e-9);
    assertTrue(f.lungs().count() > 100_000, "a lung field of " + f.lungs().count() + " voxels");
    assertTrue(f.lungAgreement().dice() > 0.9, "lung fields agree: " + f.lungAgreement());
    assertTrue(f.predictions().size() >= 4, "nodules scored: " + f.predictions().size());
    f.predictions().forEach(p -> assertTrue(p.score() >= 0 && p.score() <= 1, p.toString()));
    double auc = f.report().auc().value();
    assertTrue(auc >= 0 && auc <= 1, "AUC " + auc);
    assertTrue(f.report().auc().ci().isPresent(), "the AUC has a confidence interval");
  }

  @Test
  void theConsumerGotExactlyOneNativeBuild() {
    List<String> natives =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(p -> Path.of(p).getFileName().toString())
            .filter(n -> n.matches("nd4j-native-\\d.*-(linux|macosx|windows|android|ios)-.*\\.jar"))
            .toList();
    assertEquals(1, natives.size(), "native builds on the class path: " + natives);
    assertTrue(natives.get(0).contains("linux-x86_64-onednn"), natives.get(0));
  }

  @Test
  void theLightModulesBringNoChartingOrLoggingBackend() {
    List<String> jars =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(p -> Path.of(p).getFileName().toString())
            .toList();
    assertFalse(
        jars.stream()
            .anyMatch(n -> n.startsWith("slf4j-simple") || n.startsWith("logback-classic")),
        "a logging backend came with the library: " + jars);
    assertFalse(
        jars.stream().anyMatch(n -> n.startsWith("jfreechart")),
        "JFreeChart (LGPL) came with io/metrics/phantom/cpu: " + jars);
  }
}
