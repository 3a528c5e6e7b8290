package org.dsuite.cluster.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LatencyTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void engineReportCdfIsTakenPointForPoint() throws Exception {
    Latency l =
        Latency.fromEngineReport(
            json.readTree(
                "{\"count\":4,\"p50\":10.0,\"p95\":20.0,\"p99\":30.0,\"max\":40.0,"
                    + "\"cdf\":[[5.0,0.01],[10.0,0.5],[30.0,0.99],[40.0,1.0]]}"));
    assertThat(l.count()).isEqualTo(4);
    assertThat(l.p99Ms()).isEqualTo(30.0);
    assertThat(l.cdf()).hasSize(4);
    assertThat(l.cdf().get(0)).containsExactly(5.0, 0.01);
    assertThat(l.cdf().get(3)).containsExactly(40.0, 1.0);
  }

  @Test
  void olderReportsWithoutACdfGetTheirPercentiles() throws Exception {
    Latency l =
        Latency.fromEngineReport(
            json.readTree("{\"count\":4,\"p50\":10.0,\"p95\":20.0,\"p99\":30.0,\"max\":40.0}"));
    assertThat(l.cdf()).extracting(p -> p[1]).containsExactly(0.5, 0.95, 0.99, 1.0);
    assertThat(l.cdf()).extracting(p -> p[0]).containsExactly(10.0, 20.0, 30.0, 40.0);
  }

  @Test
  void malformedPointsAreSkippedAndEmptyReportsHaveNoLatency() throws Exception {
    Latency l =
        Latency.fromEngineReport(
            json.readTree(
                "{\"count\":1,\"p50\":1,\"p95\":1,\"p99\":1,\"max\":1,"
                    + "\"cdf\":[[\"x\",0.5],[1],[1.0,1.0]]}"));
    assertThat(l.cdf()).hasSize(1);
    assertThat(Latency.fromEngineReport(json.readTree("{\"count\":0}"))).isNull();
    assertThat(Latency.fromEngineReport(json.missingNode())).isNull();
  }
}
