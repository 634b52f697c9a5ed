package org.lungnodule.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of DESIGN.md, checked on the compiled classes of every module on this test class
 * path (the Maven enforcer checks the same for declared dependencies): which module may use which,
 * that the light modules never reach ND4J, that {@code .internal} packages stay inside their
 * module, and that library code never writes to standard streams.
 */
class ArchitectureTest {

  private static final String[] ND4J = {
    "org.nd4j..", "org.deeplearning4j..", "org.bytedeco..", "org.datavec.."
  };
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // test fixtures published as test jars (lungnodule-io's) are tests too
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("org.lungnodule");
  }

  /**
   * The rules below hold vacuously over classes that were not imported: each module's main classes
   * must be in the import, and no test class.
   */
  @Test
  void import_holdsEveryModulesMainClassesAndNoTests() {
    for (Class<?> c :
        new Class<?>[] {
          org.lungnodule.core.CtVolume.class,
          org.lungnodule.io.dicom.Dicom.class,
          org.lungnodule.io.jpeg2000.Jpeg2000Decoder.class,
          org.lungnodule.phantom.Phantom.class,
          org.lungnodule.metrics.DetectionEvaluation.class,
          org.lungnodule.models.maskrcnn.MaskRcnnModel.class,
          org.lungnodule.finetune.LocalizationWorkflow.class,
          org.lungnodule.report.Localization.class,
          org.lungnodule.examples.cli.LungnoduleCli.class
        }) {
      assertTrue(classes.contain(c), c.getName() + " is not among the checked classes");
    }
    assertFalse(
        classes.contain(ArchitectureTest.class), "test classes are checked as library code");
    assertFalse(
        classes.containPackage("org.lungnodule.io.fuzz"),
        "lungnodule-io's test classes are checked");
  }

  @Test
  void lightModules_neverReachNd4j() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(
                "org.lungnodule.core..",
                "org.lungnodule.io..",
                "org.lungnodule.phantom..",
                "org.lungnodule.metrics..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(ND4J)
            .because("core, io, phantom and metrics must be usable without ND4J's native binaries");
    rule.check(classes);
  }

  @Test
  void core_dependsOnNoOtherModule() {
    noClasses()
        .that()
        .resideInAPackage("org.lungnodule.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.lungnodule.io..",
            "org.lungnodule.phantom..",
            "org.lungnodule.metrics..",
            "org.lungnodule.models..",
            "org.lungnodule.finetune..",
            "org.lungnodule.report..",
            "org.lungnodule.examples..")
        .check(classes);
  }

  @Test
  void ioMetricsModels_dependOnCoreOnly() {
    noClasses()
        .that()
        .resideInAPackage("org.lungnodule.io..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.lungnodule.phantom..",
            "org.lungnodule.metrics..",
            "org.lungnodule.models..",
            "org.lungnodule.finetune..",
            "org.lungnodule.report..",
            "org.lungnodule.examples..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("org.lungnodule.metrics..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.lungnodule.io..",
            "org.lungnodule.phantom..",
            "org.lungnodule.models..",
            "org.lungnodule.finetune..",
            "org.lungnodule.report..",
            "org.lungnodule.examples..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("org.lungnodule.models..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.lungnodule.io..",
            "org.lungnodule.phantom..",
            "org.lungnodule.metrics..",
            "org.lungnodule.finetune..",
            "org.lungnodule.report..",
            "org.lungnodule.examples..")
        .check(classes);
  }

  @Test
  void finetune_dependsOnCoreMetricsModelsOnly() {
    noClasses()
        .that()
        .resideInAPackage("org.lungnodule.finetune..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.lungnodule.io..",
            "org.lungnodule.phantom..",
            "org.lungnodule.report..",
            "org.lungnodule.examples..")
        .because(
            "finetune is the workflow on core, metrics and models; the demo and the report live in lungnodule-report")
        .check(classes);
  }

  @Test
  void report_neverReachesTheExamples() {
    noClasses()
        .that()
        .resideInAPackage("org.lungnodule.report..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.lungnodule.examples..")
        .check(classes);
  }

  @Test
  void lightModules_drawNoCharts() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "org.lungnodule.core..",
            "org.lungnodule.io..",
            "org.lungnodule.phantom..",
            "org.lungnodule.metrics..",
            "org.lungnodule.models..",
            "org.lungnodule.finetune..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.jfree..")
        .because("JFreeChart (LGPL) is only in lungnodule-report")
        .check(classes);
  }

  @Test
  void internalPackages_stayInTheirModule() {
    for (String module :
        new String[] {"core", "io", "phantom", "metrics", "models", "finetune", "report"}) {
      noClasses()
          .that()
          .resideOutsideOfPackage("org.lungnodule." + module + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.lungnodule." + module + ".internal..")
          .allowEmptyShould(true)
          .check(classes);
    }
  }

  @Test
  void libraryCode_neverWritesToStandardStreams() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "org.lungnodule.core..",
            "org.lungnodule.io..",
            "org.lungnodule.phantom..",
            "org.lungnodule.metrics..",
            "org.lungnodule.models..",
            "org.lungnodule.finetune..",
            "org.lungnodule.report..")
        .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
        .because("library code logs through SLF4J; only the CLI prints")
        .check(classes);
  }
}
