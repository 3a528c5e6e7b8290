package org.dsuite.cluster.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fairness check reads real JVMs' command lines and rejects a run whose resources differ. */
class FairnessTest {
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopChildren() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly().waitFor();
    }
  }

  private long jvm(String... flags) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of(flags));
    cmd.addAll(
        List.of("-cp", System.getProperty("java.class.path"), IdleJvm.class.getName(), "120"));
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    started.add(p);
    return p.pid();
  }

  @Test
  void equalHeapsAndOptionsPassAndAreRecordedForTheReport() throws Exception {
    Fairness f = new Fairness(Fairness.ownJava());
    f.check(
        "rainstorm",
        List.of(
            new Fairness.Proc("rainstorm-node1", jvm("-Xmx96m"), 96),
            new Fairness.Proc("rainstorm-node2", jvm("-Xmx96m"), 96)));
    f.check("spark-structured", List.of(new Fairness.Proc("spark", jvm("-Xmx192m"), 192)));
    assertThat(f.seen()).containsKeys("jvm.rainstorm.rainstorm-node", "jvm.spark-structured.spark");
    assertThat(f.seen().get("jvm.rainstorm.rainstorm-node")).contains("-Xmx96m");
  }

  @Test
  void aWorkerWithAnotherHeapMakesTheRunUnfair() throws Exception {
    Fairness f = new Fairness(Fairness.ownJava());
    long restarted = jvm("-Xmx512m");
    assertThatThrownBy(
            () ->
                f.check(
                    "rainstorm",
                    List.of(
                        new Fairness.Proc("rainstorm-node1", jvm("-Xmx96m"), 96),
                        new Fairness.Proc("rainstorm-node3", restarted, 96))))
        .hasMessageContaining("unfair run")
        .hasMessageContaining("rainstorm-node3")
        .hasMessageContaining("512 MiB, expected 96 MiB")
        .hasMessageNotContaining("rainstorm-node1");
  }

  @Test
  void differentGcOrJvmOptionsAcrossEnginesAreCaught() throws Exception {
    Fairness f = new Fairness(Fairness.ownJava());
    f.check("rainstorm", List.of(new Fairness.Proc("rainstorm-node1", jvm("-Xmx96m"), 96)));
    assertThatThrownBy(
            () ->
                f.check(
                    "spark-structured",
                    List.of(new Fairness.Proc("spark", jvm("-Xmx96m", "-XX:+UseSerialGC"), 96))))
        .hasMessageContaining("-XX:+UseSerialGC");
  }

  @Test
  void anotherJavaExecutableIsCaught() throws Exception {
    Fairness f = new Fairness("/nonexistent/bin/java");
    assertThatThrownBy(
            () -> f.check("spark", List.of(new Fairness.Proc("spark", jvm("-Xmx96m"), 96))))
        .hasMessageContaining("runs " + Path.of(System.getProperty("java.home"), "bin", "java"));
  }
}
