package org.dsuite.cluster.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmFlagsTest {
  @Test
  void readsTheFlagsBeforeTheMainClassAndSkipsSetsidAndTheClassPath() {
    JvmFlags j =
        JvmFlags.parse(
                List.of(
                    "/usr/bin/setsid",
                    "/opt/jdk/bin/java",
                    "-Xmx341m",
                    "--add-modules=jdk.incubator.vector",
                    "-cp",
                    "a.jar:-Xmx9g",
                    "-XX:+UseG1GC",
                    "org.dsuite.cluster.node.NodeMain",
                    "-Xmx1g"))
            .orElseThrow();
    assertThat(j.java()).isEqualTo("/opt/jdk/bin/java");
    assertThat(j.flags())
        .containsExactly("-Xmx341m", "--add-modules=jdk.incubator.vector", "-XX:+UseG1GC");
    // Program arguments after the main class and the class path's value are not JVM flags.
    assertThat(j.heapMb()).isEqualTo(341);
    assertThat(j.resourceFlags()).containsExactly("-XX:+UseG1GC");
  }

  @Test
  void theLastHeapFlagWinsAsInTheJvmAndUnitsConvert() {
    assertThat(JvmFlags.parse(List.of("java", "-Xmx512m", "-Xmx1g", "Main")).orElseThrow().heapMb())
        .isEqualTo(1024);
    assertThat(JvmFlags.parse(List.of("java", "-Xmx2097152k", "Main")).orElseThrow().heapMb())
        .isEqualTo(2048);
    assertThat(JvmFlags.parse(List.of("java", "Main")).orElseThrow().heapMb()).isEqualTo(-1);
    assertThatThrownBy(() -> JvmFlags.parse(List.of("java", "-Xmxlots", "M")).get().heapMb())
        .hasMessageContaining("-Xmxlots");
  }

  @Test
  void aProcessThatIsNotAJvmHasNoFlags() {
    assertThat(JvmFlags.parse(List.of("/bin/bash", "bin/spark-baseline"))).isEmpty();
    assertThat(JvmFlags.of(Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void readsThisJvmFromProc() {
    JvmFlags self = JvmFlags.of(ProcessHandle.current().pid()).orElseThrow();
    assertThat(self.java()).endsWith("java");
    assertThat(self.flags())
        .containsAll(
            ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X"))
                .toList());
  }
}
