package org.dsuite.cluster.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The layering rules of ARCHITECTURE.md as ArchUnit rules over a root package, so the same rules
 * run against the product ({@code org.dsuite}) and against a deliberately broken fixture.
 */
final class Layering {
  private Layering() {}

  /** Packages that hold I/O or frameworks a protocol core must not touch. */
  static final String[] IO_PACKAGES = {
    "java.net..",
    "java.nio.channels..",
    "io.grpc..",
    "io.netty..",
    "org.apache.hadoop..",
    "org.apache.spark..",
    "org.apache.zookeeper..",
    "org.apache.curator..",
  };

  /**
   * Protocol cores and simulators are pure: no sockets, frameworks, threads or clocks of their own.
   */
  static ArchRule coresArePure(String root) {
    String[] cores = {root + "..core..", root + "..sim.."};
    return CompositeArchRule.of(
            noClasses()
                .that()
                .resideInAnyPackage(cores)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(IO_PACKAGES)
                .because("protocol cores take (now, message) and return actions; shells own I/O"))
        .and(
            noClasses()
                .that()
                .resideInAnyPackage(cores)
                .should()
                .callMethod(System.class, "nanoTime")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(Thread.class)
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.util.concurrent.ThreadLocalRandom")
                .because("time, threads and randomness are injected into cores"))
        .allowEmptyShould(true);
  }

  /**
   * Each module may depend only on the modules below it: common, then swim and grep, then dfs, then
   * the rainstorm engine; the engine-free rainstorm-api and the Spark baseline stay free of the
   * engine; nothing depends on cluster.
   */
  static ArchRule modulesPointDown(String root) {
    List<ArchRule> rules = new ArrayList<>();
    rules.add(
        mayNotUse(
            root,
            "common",
            root + ".grep..",
            root + ".swim..",
            root + ".dfs..",
            root + ".rainstorm..",
            root + ".spark..",
            root + ".cluster.."));
    rules.add(
        mayNotUse(
            root,
            "swim",
            root + ".grep..",
            root + ".dfs..",
            root + ".rainstorm..",
            root + ".spark..",
            root + ".cluster.."));
    rules.add(
        noClasses()
            .that()
            .resideInAPackage(root + ".grep..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                root + ".swim.core..",
                root + ".swim.udp..",
                root + ".swim.sim..",
                root + ".dfs..",
                root + ".rainstorm..",
                root + ".spark..",
                root + ".cluster..")
            .because("grep-service sees membership only through swim's API")
            .allowEmptyShould(true));
    rules.add(
        mayNotUse(
            root,
            "dfs",
            root + ".grep..",
            root + ".rainstorm..",
            root + ".spark..",
            root + ".cluster.."));
    rules.add(
        noClasses()
            .that()
            .resideInAPackage(root + ".rainstorm.api..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                root + ".rainstorm.engine..",
                root + ".grep..",
                root + ".swim..",
                root + ".dfs..",
                root + ".spark..",
                root + ".cluster..",
                "org.apache.hadoop..",
                "org.apache.zookeeper..",
                "org.apache.curator..",
                "org.apache.spark..",
                "io.grpc..",
                "java.net..",
                "java.nio.channels..")
            .because("rainstorm-api is the engine-free part shared with the Spark baseline")
            .allowEmptyShould(true));
    rules.add(
        mayNotUse(
            root, "rainstorm.engine", root + ".grep..", root + ".spark..", root + ".cluster.."));
    rules.add(
        mayNotUse(
            root,
            "spark",
            root + ".rainstorm.engine..",
            root + ".grep..",
            root + ".swim..",
            root + ".dfs..",
            root + ".cluster.."));
    return CompositeArchRule.of(rules);
  }

  private static ArchRule mayNotUse(String root, String module, String... above) {
    return noClasses()
        .that()
        .resideInAPackage(root + "." + module + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(above)
        .because(module + " may depend only on the modules below it (ARCHITECTURE.md)")
        .allowEmptyShould(true);
  }
}
