package org.dsuite.cluster.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcStatTest {
  @Test
  void cpuTicksCountsFieldsAfterTheLastParenthesis() {
    // A command name with spaces and parentheses must not shift the fields.
    String line =
        "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 30 0 999 1 2";
    assertThat(ProcStat.cpuTicks(line)).isEqualTo(1234 + 567);
  }

  @Test
  void malformedStatLinesAreRejected() {
    assertThatThrownBy(() -> ProcStat.cpuTicks("no parenthesis here"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcStat.cpuTicks("1 (x) S 1 2"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void statusFieldsAreReadInBytes() {
    String status = "Name:\tjava\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t40\n";
    assertThat(ProcStat.statusBytes(status, "VmRSS")).hasValue(102400L * 1024);
    assertThat(ProcStat.statusBytes(status, "VmHWM")).hasValue(204800L * 1024);
    assertThat(ProcStat.statusBytes(status, "VmSwap")).isEmpty();
  }

  @Test
  void ownProcessAgreesWithTheJvmsOwnAccounting() throws Exception {
    long pid = ProcessHandle.current().pid();
    Duration jvmCpu = ProcessHandle.current().info().totalCpuDuration().orElseThrow();
    ProcStat.Sample s = ProcStat.read(pid).orElseThrow();
    // The JVM reads the same kernel counters another way; allow for the time between the reads.
    double procSeconds = s.cpuTicks() / (double) ProcStat.TICKS_PER_SECOND;
    assertThat(procSeconds)
        .isBetween(jvmCpu.toMillis() / 1000.0 - 0.05, jvmCpu.toMillis() / 1000.0 + 5);
    // statm's resident pages are an independent view of the same RSS.
    String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
    long statmBytes = Long.parseLong(statm[1]) * 4096;
    assertThat((double) s.rssBytes()).isBetween(statmBytes * 0.5, statmBytes * 2.0);
  }

  @Test
  void anExitedProcessReadsAsEmpty() throws Exception {
    Process p = new ProcessBuilder("true").start();
    long pid = p.pid();
    p.waitFor();
    assertThat(ProcStat.read(pid)).isEmpty();
  }
}
