package org.dsuite.rainstorm.engine.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.Output;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.dsuite.rainstorm.engine.io.HadoopStreamFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restarted sink ({@link SinkWriter#open}) writes its recovered unacknowledged outputs before
 * anything else, so the lines its dead predecessor left past the logged length are matched (and
 * skipped) before its first flush logs a length beyond them.
 */
class SinkWriterTest {
  @TempDir Path tmp;

  private static final long STREAM = TupleId.stream(2, 0, 0, 1);

  private static TupleId id(long seq) {
    return TupleId.sequenced(STREAM, seq);
  }

  private static Output out(long seq, String line) {
    return new Output(new DataTuple(id(seq), "", line, -1), 0);
  }

  private TaskRole.Sink role(Path file) throws Exception {
    return role(file, 0);
  }

  private TaskRole.Sink role(Path file, long flushIntervalMs) throws Exception {
    return new TaskRole.Sink(
        new HadoopStreamFileSystem(FileSystem.getLocal(new Configuration()).getRaw(), 1_000),
        file.toString(),
        flushIntervalMs);
  }

  /** Hands the buffered lines to the flush thread and takes the result once it is durable. */
  private static SinkWriter.Flushed flush(SinkWriter w, long nowMs) throws Exception {
    assertThat(w.flushIfDue(nowMs, true)).isNull(); // the flush runs on its own thread
    await().atMost(Duration.ofSeconds(30)).until(w::flushDone);
    return w.flushIfDue(nowMs, true);
  }

  @Test
  void recoveredOutputsAreWrittenAtOpenAndTheKeptTailIsNotDoubled() throws Exception {
    Path file = tmp.resolve("dest.out");
    // Logged length 4 ("a,1\n"); the dead sink also made "c,1\n" durable but never logged it.
    Files.writeString(file, "a,1\nc,1\n");
    List<Output> unacked = List.of(out(2, "b,1"), out(3, "c,1"));
    SinkWriter w = SinkWriter.open(role(file), 4, unacked, 0, () -> {});
    assertThat(w.writtenUnacked()).isEqualTo(2); // both, before any new input
    w.write(List.of(out(4, "d,1"), out(3, "c,1")), 1); // a new output, and a resend (ignored)
    SinkWriter.Flushed f = flush(w, 2);
    w.close();
    assertThat(f.ids()).containsExactly(id(2), id(3), id(4));
    assertThat(Files.readString(file)).isEqualTo("a,1\nc,1\nb,1\nd,1\n");
    assertThat(f.length()).isEqualTo(Files.size(file));
  }

  @Test
  void aTailTheLogDoesNotHoldIsCutBack() throws Exception {
    Path file = tmp.resolve("foreign.out");
    Files.writeString(file, "a,1\nz,9\n");
    SinkWriter w = SinkWriter.open(role(file), 4, List.of(out(2, "b,1")), 0, () -> {});
    SinkWriter.Flushed f = flush(w, 1);
    w.close();
    assertThat(Files.readString(file)).isEqualTo("a,1\nb,1\n");
    assertThat(f.length()).isEqualTo(8);
  }

  @Test
  void linesWrittenDuringAFlushGoToTheNextAndAResendOfAFlushingLineIsSkipped() throws Exception {
    Path file = tmp.resolve("new.out");
    int[] rings = new int[1];
    SinkWriter w = SinkWriter.open(role(file, 1_000), -1, List.of(), 0, () -> rings[0]++);
    w.write(List.of(out(1, "a,1")), 0);
    assertThat(w.flushIfDue(0, false)).as("not idle, not due yet").isNull();
    assertThat(w.flushIfDue(0, true)).as("handed over").isNull();
    // While (or after) that flush runs: a resend of its line, and a new line.
    w.write(List.of(out(1, "a,1"), out(2, "b,1")), 1);
    assertThat(w.writtenUnacked()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(30)).until(w::flushDone);
    SinkWriter.Flushed first = w.flushIfDue(1, true); // takes the first, starts the second
    assertThat(first.ids()).containsExactly(id(1));
    assertThat(first.length()).isEqualTo(4);
    await().atMost(Duration.ofSeconds(30)).until(w::flushDone);
    SinkWriter.Flushed second = w.flushIfDue(2, true);
    assertThat(second.ids()).containsExactly(id(2));
    assertThat(second.length()).isEqualTo(8);
    assertThat(w.writtenUnacked()).isZero();
    assertThat(w.flushIfDue(3, true)).as("nothing left").isNull();
    w.close();
    assertThat(Files.readString(file)).isEqualTo("a,1\nb,1\n");
    assertThat(rings[0]).as("the task loop is woken per finished flush").isEqualTo(2);
    assertThat(w.latency().cumulative().getTotalCount()).isZero(); // no source stamps here
  }
}
