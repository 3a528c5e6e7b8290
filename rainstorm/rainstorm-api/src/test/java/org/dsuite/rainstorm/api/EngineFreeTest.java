package org.dsuite.rainstorm.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module's own copy of the cluster-wide layering rule, so a violation fails this module's build
 * and not only the cluster's: rainstorm-api stays engine-free and network-free.
 */
class EngineFreeTest {
  @Test
  void apiUsesNoEngineHadoopZooKeeperSparkOrNetworkClasses() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.dsuite.rainstorm.api");
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.dsuite.rainstorm.engine..",
            "org.dsuite.grep..",
            "org.dsuite.swim..",
            "org.dsuite.dfs..",
            "org.dsuite.spark..",
            "org.dsuite.cluster..",
            "org.apache.hadoop..",
            "org.apache.zookeeper..",
            "org.apache.curator..",
            "org.apache.spark..",
            "io.grpc..",
            "java.net..",
            "java.nio.channels..")
        .because("rainstorm-api is the engine-free part shared with the Spark baseline")
        .check(classes);
  }
}
