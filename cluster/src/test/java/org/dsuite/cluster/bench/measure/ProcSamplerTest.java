package org.dsuite.cluster.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcSamplerTest {
  @Test
  void countsTheCpuAChildProcessBurnsAndItsMemory() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx64m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    CpuBurner.class.getName(),
                    "1000"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (ProcSampler sampler = new ProcSampler(50)) {
      sampler.track(p.pid(), true);
      assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
      // The child used at least 1 s of CPU in its main thread, plus its JVM's own start-up.
      assertThat(sampler.cpuSeconds()).isBetween(1.0, 30.0);
      assertThat(sampler.peakRssBytes()).isGreaterThan(10L << 20);
      assertThat(sampler.samples()).isGreaterThan(1);
    } finally {
      p.destroyForcibly().waitFor();
    }
  }

  @Test
  void aDaemonCountsOnlyCpuUsedAfterTrackingStarts() {
    try (ProcSampler sampler = new ProcSampler(1000)) {
      // This test JVM has already used CPU (class loading, JIT); none of it may be counted.
      sampler.track(ProcessHandle.current().pid(), false);
      sampler.sample();
      assertThat(sampler.cpuSeconds()).isLessThan(1.0);
    }
  }
}
