package dev.pouch.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The rules of docs/style: only the CLI prints and exits; no cloud SDK above storage-adapters; no cycles. */
class ArchitectureTest {

  private final JavaClasses agent = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.pouch.agent");

  @Test
  void onlyTheCliTouchesStdoutStderrAndExit() {
    noClasses().that().resideOutsideOfPackage("dev.pouch.agent.cli..")
        .should().accessField(System.class, "out")
        .orShould().accessField(System.class, "err")
        .orShould().callMethod(System.class, "exit", int.class)
        .check(agent);
  }

  @Test
  void noCloudSdkAboveStorageAdapters() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.google.cloud..",
        "com.azure..").check(agent);
  }

  @Test
  void agentPackagesHaveNoCycles() {
    slices().matching("dev.pouch.agent.(*)..").should().beFreeOfCycles().check(agent);
  }
}
