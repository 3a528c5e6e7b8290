package org.dsuite.cluster.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ARCHITECTURE.md's layering, checked on every module's production classes. */
class LayeringTest {
  private static final String FIXTURE = "org.dsuite.cluster.arch.fixture";
  private static JavaClasses product;
  private static JavaClasses fixture;

  @BeforeAll
  static void importClasses() {
    product =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.dsuite");
    fixture = new ClassFileImporter().importPackages(FIXTURE);
  }

  @Test
  void productSeesEveryModule() {
    // Guards against a vacuous pass: the rules below must actually see the modules' classes.
    assertThat(product.containPackage("org.dsuite.common.config")).isTrue();
    assertThat(product.containPackage("org.dsuite.swim.api")).isTrue();
  }

  @Test
  void protocolCoresArePure() {
    Layering.coresArePure("org.dsuite").check(product);
  }

  @Test
  void modulesPointDownTheDependencyOrder() {
    Layering.modulesPointDown("org.dsuite").check(product);
  }

  @Test
  void rulesCatchACoreThatOpensASocketAndALowerModuleThatReachesUp() {
    EvaluationResult cores = Layering.coresArePure(FIXTURE).evaluate(fixture);
    assertThat(cores.hasViolation()).isTrue();
    assertThat(cores.getFailureReport().getDetails())
        .anyMatch(line -> line.contains("DatagramSocket"))
        .anyMatch(line -> line.contains("nanoTime"));

    EvaluationResult modules = Layering.modulesPointDown(FIXTURE).evaluate(fixture);
    assertThat(modules.getFailureReport().getDetails())
        .anyMatch(
            line ->
                line.contains("fixture.swim.core.ImpureCore")
                    && line.contains("fixture.dfs.Upper"));
  }
}
