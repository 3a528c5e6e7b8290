package org.dsuite.rainstorm.engine.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
    return new TaskRole.Sink(
        new HadoopStreamFileSystem(FileSystem.getLocal(new Configuration()).getRaw(), 1_000),
        file.toString(),
        0);
  }

  @Test
  void recoveredOutputsAreWrittenAtOpenAndTheKeptTailIsNotDoubled() throws Exception {
    Path file = tmp.resolve("dest.out");
    // Logged length 4 ("a,1\n"); the dead sink also made "c,1\n" durable but never logged it.
    Files.writeString(file, "a,1\nc,1\n");
    List<Output> unacked = List.of(out(2, "b,1"), out(3, "c,1"));
    SinkWriter w = SinkWriter.open(role(file), 4, unacked, 0);
    assertThat(w.writtenUnacked()).isEqualTo(2); // both, before any new input
    w.write(List.of(out(4, "d,1"), out(3, "c,1")), 1); // a new output, and a resend (ignored)
    SinkWriter.Flushed f = w.flushIfDue(2, true);
    w.close();
    assertThat(f.ids()).containsExactly(id(2), id(3), id(4));
    assertThat(Files.readString(file)).isEqualTo("a,1\nc,1\nb,1\nd,1\n");
    assertThat(f.length()).isEqualTo(Files.size(file));
  }

  @Test
  void aTailTheLogDoesNotHoldIsCutBack() throws Exception {
    Path file = tmp.resolve("foreign.out");
    Files.writeString(file, "a,1\nz,9\n");
    SinkWriter w = SinkWriter.open(role(file), 4, List.of(out(2, "b,1")), 0);
    SinkWriter.Flushed f = w.flushIfDue(1, true);
    w.close();
    assertThat(Files.readString(file)).isEqualTo("a,1\nb,1\n");
    assertThat(f.length()).isEqualTo(8);
  }
}
