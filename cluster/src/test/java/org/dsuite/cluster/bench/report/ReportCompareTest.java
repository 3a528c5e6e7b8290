package org.dsuite.cluster.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportCompareTest {
  private static Report report(long wallMs, double rps, String app) {
    return new Report(
        "r",
        "now",
        Map.of(),
        Map.of(),
        List.of(),
        List.of(
            ReportWriterTest.run(RunResult.RAINSTORM, app, 100_000, 1, wallMs, rps),
            ReportWriterTest.run(RunResult.RAINSTORM, "web-app1", 100_000, 1, 1_000, 1)));
  }

  @Test
  void differencesAndPercentChangePerMetric() {
    Report a = report(10_000, 100_000, "traffic-app1");
    Report b = report(8_000, 150_000, "traffic-app1");
    List<ReportCompare.Diff> d = ReportCompare.compare(a, b);
    ReportCompare.Diff wall =
        d.stream()
            .filter(
                x -> x.cell().startsWith("traffic/traffic-app1") && x.metric().equals("wall_ms"))
            .findFirst()
            .orElseThrow();
    assertThat(wall.a()).isEqualTo(10_000);
    assertThat(wall.b()).isEqualTo(8_000);
    assertThat(wall.delta()).isEqualTo(-2_000);
    assertThat(wall.percent()).isEqualTo(-20.0);
    ReportCompare.Diff tput =
        d.stream()
            .filter(x -> x.cell().startsWith("traffic/traffic-app1"))
            .filter(x -> x.metric().equals("steady_rows_per_s"))
            .findFirst()
            .orElseThrow();
    assertThat(tput.percent()).isEqualTo(50.0);
    // RainStorm has no start-up figure: not compared rather than compared as 0.
    assertThat(d).noneMatch(x -> x.metric().equals("startup_ms"));
    assertThat(ReportCompare.render(d)).contains("-20.0%").contains("+50.0%");
  }

  @Test
  void measurementsInOnlyOneReportAreNamed() {
    Report a = report(10_000, 100_000, "traffic-app1");
    Report b = report(10_000, 100_000, "traffic-app2");
    assertThat(ReportCompare.unmatched(a, b))
        .containsExactly(
            "only in A: traffic/traffic-app1/100K/rainstorm/full-speed",
            "only in B: traffic/traffic-app2/100K/rainstorm/full-speed");
  }
}
