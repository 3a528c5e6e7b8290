package org.dsuite.rainstorm.engine.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dsuite.rainstorm.api.ops.LineBytesFilter;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.dsuite.rainstorm.engine.io.StreamFileSystem;
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
    return role(rate, startWaitMicros, 600, LineBytesFilter.KEEP_ALL);
  }

  private TaskRole.Source role(double rate, long startWaitMicros, int rows, LineBytesFilter filter)
      throws IOException {
    StringBuilder sb = new StringBuilder("id,name\n");
    for (int i = 0; i < rows; i++) {
      sb.append(i).append(",n").append(i).append('\n');
    }
    Path in = dir.resolve("in.csv");
    Files.writeString(in, sb, StandardCharsets.UTF_8);
    String src = "file://" + in;
    return new TaskRole.Source(
        UriFileSystems.streams(src, 1_000), src, 1, true, 64, rate, 1_000, filter, startWaitMicros);
  }

  /**
   * The split is positioned while the task starts (at the last of three splits: every line before
   * its range counted), not at the first read, when a paced schedule would already run: opening it
   * reads the lines up to its first own line, and the first batch then starts there.
   */
  @Test
  void aSplitIsPositionedWhenOpenedNotAtItsFirstRead() throws Exception {
    TaskRole.Source one = role(0, 0);
    TaskRole.Source plain = new TaskRole.Source(one.fs(), one.file(), 3, true, 64);
    AtomicLong linesRead = new AtomicLong();
    StreamFileSystem counting =
        (StreamFileSystem)
            Proxy.newProxyInstance(
                StreamFileSystem.class.getClassLoader(),
                new Class<?>[] {StreamFileSystem.class},
                (proxy, method, args) -> {
                  Object r = method.invoke(plain.fs(), args);
                  return method.getName().equals("openSplit")
                      ? new CountingReader((StreamFileSystem.LineReader) r, linesRead)
                      : r;
                });
    TaskRole.Source role =
        new TaskRole.Source(counting, plain.file(), 3, true, 64, 0, 1, LineBytesFilter.KEEP_ALL);
    List<String> want;
    try (SourceSplit s = new SourceSplit(plain, 2)) {
      want = s.nextBatch().stream().map(t -> t.id() + " " + t.value()).toList();
    }
    try (SourceSplit s = new SourceSplit(role, 2)) {
      long atOpen = linesRead.get();
      // the reader counts (skips) the lines before its range on its first line, so this is it
      assertThat(atOpen).as("the split's first line was read while it opened").isEqualTo(1);
      List<DataTuple> got = s.nextBatch();
      assertThat(got.stream().map(t -> t.id() + " " + t.value()).toList())
          .as("the same tuples as a split read from its first batch")
          .isEqualTo(want);
      assertThat(got.get(0).id()).isNotEqualTo(TupleId.ofSourceLine(2)); // not the first split
      assertThat(linesRead.get()).as("one batch, its first line read at the open").isEqualTo(64);
    }
  }

  /**
   * A reader without bytes (so the source decodes every line) that counts the lines it hands out.
   */
  private record CountingReader(StreamFileSystem.LineReader in, AtomicLong lines)
      implements StreamFileSystem.LineReader {
    @Override
    public String next() throws IOException {
      String line = in.next();
      if (line != null) {
        lines.incrementAndGet();
      }
      return line;
    }

    @Override
    public long lineNumber() {
      return in.lineNumber();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
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

  /**
   * A split whose open spent its scan budget passing over lines (a filter that keeps none of the
   * first thousands) does not report "stopped at the budget, ask again" while its schedule waits:
   * the task loop would take that as more input now and spin.
   */
  @Test
  void aSourceWaitingForThePipelineNeverAsksToBeCalledAgainAtOnce() throws Exception {
    LineBytesFilter keepsNothing = (b, from, to) -> false;
    try (SourceSplit s = new SourceSplit(role(RATE, HOUR_MICROS, 20_000, keepsNothing), 0)) {
      assertThat(s.nextBatch()).isEmpty();
      assertThat(s.scanPaused()).as("nothing to do before the schedule starts").isFalse();
      assertThat(s.done()).isFalse();

      s.pipelineReady();
      while (!s.done()) { // every line is dropped on its bytes, a budget's worth per call
        assertThat(s.nextBatch()).isEmpty();
      }
      assertThat(s.linesDropped()).isEqualTo(20_000);
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
