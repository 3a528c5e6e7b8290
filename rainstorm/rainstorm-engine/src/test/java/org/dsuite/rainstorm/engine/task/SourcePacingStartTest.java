package org.dsuite.rainstorm.engine.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dsuite.rainstorm.api.ops.LineBytesFilter;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.dsuite.rainstorm.engine.io.UriFileSystems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a paced source's open-loop schedule starts: once the job's pipeline is up ({@link
 * SourceSplit#pipelineReady}), or after its start wait at the latest; an unpaced source reads at
 * once. A tuple's stamp is its due time, so the first tuple's stamp shows where the schedule began.
 */
class SourcePacingStartTest {
  @TempDir Path dir;

  private static final long RATE = 2_000; // records/s: 0.5 ms per tuple
  private static final long HOUR_MICROS = 3_600_000_000L;

  private TaskRole.Source role(double rate, long startWaitMicros) throws IOException {
    StringBuilder sb = new StringBuilder("id,name\n");
    for (int i = 0; i < 200; i++) {
      sb.append(i).append(",n").append(i).append('\n');
    }
    Path in = dir.resolve("in.csv");
    Files.writeString(in, sb, StandardCharsets.UTF_8);
    String src = "file://" + in;
    return new TaskRole.Source(
        UriFileSystems.streams(src, 1_000),
        src,
        1,
        true,
        64,
        rate,
        1_000,
        LineBytesFilter.KEEP_ALL,
        startWaitMicros);
  }

  /** Asks for batches until one is not empty. */
  private static List<DataTuple> firstBatch(SourceSplit s) {
    List<DataTuple> got = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(1))
        .until(
            () -> {
              got.addAll(s.nextBatch());
              return !got.isEmpty();
            });
    return got;
  }

  @Test
  void aPacedSourceStartsItsScheduleWhenThePipelineIsUpNotAtItsFirstRead() throws Exception {
    try (SourceSplit s = new SourceSplit(role(RATE, HOUR_MICROS), 0)) {
      long firstAsk = WallMicros.now();
      assertThat(s.nextBatch()).as("nothing read while the pipeline is not up").isEmpty();
      // some time passes before the pipeline is up: tuples due from the first read would show it
      await().atMost(Duration.ofSeconds(10)).until(() -> WallMicros.now() > firstAsk + 20_000);
      assertThat(s.nextBatch()).isEmpty();
      assertThat(s.clockStartWallMs()).isEqualTo(-1);

      long released = WallMicros.now();
      assertThat(s.pipelineReady()).isTrue();
      assertThat(s.pipelineReady()).as("known already").isFalse();
      List<DataTuple> got = firstBatch(s);

      assertThat(got.get(0).stampMicros())
          .as("the first tuple is due when the pipeline came up, not at the first read")
          .isGreaterThanOrEqualTo(released);
      assertThat(s.clockStartWallMs()).isGreaterThanOrEqualTo(released / 1000);
      assertThat(got.get(0).id()).isEqualTo(TupleId.ofSourceLine(2)); // line 1 is the header
    }
  }

  @Test
  void aPacedSourceStartsAnywayOnceItsStartWaitIsOver() throws Exception {
    long wait = 30_000; // 30 ms
    try (SourceSplit s = new SourceSplit(role(RATE, wait), 0)) {
      long before = WallMicros.now();
      List<DataTuple> got = firstBatch(s); // never told that the pipeline is up

      assertThat(got.get(0).stampMicros()).isGreaterThanOrEqualTo(before + wait);
      assertThat(s.clockStartWallMs()).isGreaterThanOrEqualTo((before + wait) / 1000);
    }
  }

  @Test
  void withoutAStartWaitThePacedScheduleStartsAtTheFirstRead() throws Exception {
    try (SourceSplit s = new SourceSplit(role(RATE, 0), 0)) {
      long before = WallMicros.now();
      List<DataTuple> got = s.nextBatch();

      assertThat(got).as("the first tuple is due at once").isNotEmpty();
      assertThat(got.get(0).stampMicros()).isBetween(before, WallMicros.now());
    }
  }

  @Test
  void anUnpacedSourceReadsAtOnceAndReportsNoSchedule() throws Exception {
    try (SourceSplit s = new SourceSplit(role(0, HOUR_MICROS), 0)) {
      assertThat(s.nextBatch()).hasSize(64);
      assertThat(s.clockStartWallMs()).isEqualTo(-1);
    }
  }
}
