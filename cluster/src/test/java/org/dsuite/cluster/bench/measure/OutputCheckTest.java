package org.dsuite.cluster.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.dsuite.rainstorm.api.gen.DatasetWriter;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.api.job.Dataset;
import org.dsuite.rainstorm.api.reference.Reference;
import org.dsuite.rainstorm.api.reference.ReferenceResult;
import org.junit.jupiter.api.Test;

class OutputCheckTest {
  @Test
  void rowsAreComparedAsAMultiset() {
    ReferenceResult ref = new ReferenceResult(List.of("a,1", "b,2", "a,1"), Map.of(), 0);
    assertThat(OutputCheck.rows(List.of("b,2", "a,1", "a,1"), ref).ok()).isTrue();
    // A lost duplicate and an extra duplicate are both wrong.
    OutputCheck.Verdict lost = OutputCheck.rows(List.of("a,1", "b,2"), ref);
    assertThat(lost.ok()).isFalse();
    assertThat(lost.detail()).contains("2 vs 3");
    assertThat(OutputCheck.rows(List.of("a,1", "a,1", "a,1", "b,2"), ref).ok()).isFalse();
    assertThat(OutputCheck.rows(List.of("a,1", "b,3", "a,1"), ref).detail()).contains("b,3");
  }

  @Test
  void countsAreComparedPerKey() {
    ReferenceResult ref = new ReferenceResult(List.of(), Map.of("x", 3L, "y", 1L), 0);
    assertThat(OutputCheck.counts(Map.of("x", 3L, "y", 1L), ref).ok()).isTrue();
    assertThat(OutputCheck.counts(Map.of("x", 4L, "y", 1L), ref).detail()).contains("'x' got 4");
    assertThat(OutputCheck.counts(Map.of("x", 3L, "y", 1L, "z", 1L), ref).ok()).isFalse();
  }

  @Test
  void generatedDataThroughTheReferenceChecksAndOneLostRowDoesNot() throws Exception {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    new DatasetWriter(Dataset.TRAFFIC_SIGNS, 3)
        .write(buf, 2_000, new PrintStream(OutputStream.nullOutputStream()), 2_000);
    List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
    ReferenceResult app1 = Reference.run(BenchmarkApps.TRAFFIC_APP1.job("s", "d", 1), lines);
    assertThat(app1.lines()).isNotEmpty();
    assertThat(OutputCheck.rows(app1.lines(), app1).ok()).isTrue();
    assertThat(OutputCheck.rows(app1.lines().subList(1, app1.lines().size()), app1).ok()).isFalse();
    ReferenceResult app2 = Reference.run(BenchmarkApps.TRAFFIC_APP2.job("s", "d", 1), lines);
    Map<String, Long> counts = Reference.finalCounts(app2.lines());
    assertThat(OutputCheck.counts(counts, app2).ok()).isTrue();
    Map<String, Long> offByOne = new java.util.HashMap<>(counts);
    offByOne.merge(offByOne.keySet().iterator().next(), 1L, Long::sum);
    assertThat(OutputCheck.counts(offByOne, app2).ok()).isFalse();
  }
}
