package org.dsuite.rainstorm.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Source reading and exactly-once sink files on HDFS and on local files. */
class StreamFileSystemTest {
  private static MiniDFSCluster cluster;
  @TempDir static java.nio.file.Path tmp;

  @BeforeAll
  static void start() throws IOException {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.shutdown(true);
    }
  }

  private static HadoopStreamFileSystem hdfs() throws IOException {
    return new HadoopStreamFileSystem(cluster.getFileSystem(), 20_000);
  }

  private static HadoopStreamFileSystem local() throws IOException {
    return new HadoopStreamFileSystem(FileSystem.getLocal(new Configuration()).getRaw(), 1_000);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String read(FileSystem fs, String name) throws IOException {
    try (InputStream in = fs.open(new Path(name))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static TailLines lines(String text) {
    return TailLines.parse(bytes(text));
  }

  /**
   * The dead sink's unlogged tail is lines its successor rewrites: kept (no truncate, so no wait
   * for a block recovery) and each skipped once when it comes again.
   */
  @Test
  void sinkRestartOnHdfsKeepsATailOfLinesItRewrites() throws Exception {
    String dest = "/out/app1.out";
    // The first sink writes with its own client, as another process would, and dies unclosed.
    FileSystem other = FileSystem.newInstance(cluster.getURI(), cluster.getConfiguration(0));
    try {
      StreamFileSystem.SinkFile first = new HadoopStreamFileSystem(other, 20_000).createSink(dest);
      first.write(bytes("a,1\nb,1\n"), 0, 8);
      long acked = first.flushDurable();
      assertThat(acked).isEqualTo(8);
      first.write(bytes("a,2\nb,1\n"), 0, 8); // written after the last acknowledgement
      first.flushDurable();

      try (StreamFileSystem.SinkFile second =
          hdfs().reopenSink(dest, acked, lines("b,1\na,2\nx,9\n"))) {
        second.write(bytes("b,1\na,2\nx,9\nc,1\n"), 0, 16); // the unacked first, then new
        assertThat(second.flushDurable()).isEqualTo(24);
      }
    } finally {
      other.close();
    }
    assertThat(read(cluster.getFileSystem(), dest)).isEqualTo("a,1\nb,1\na,2\nb,1\nx,9\nc,1\n");
  }

  /**
   * A tail the successor does not rewrite, or a torn last line, is cut back to the logged length.
   */
  @Test
  void sinkRestartOnHdfsTruncatesATailItCannotAccountFor() throws Exception {
    String[][] cases = {
      {"/out/foreign.out", "z,1\n", "a,2\n"}, // a line the log does not hold
      {"/out/twice.out", "a,2\na,2\n", "a,2\n"}, // more copies than the log holds
      {"/out/torn.out", "a,2\na,", "a,2\n"} // a torn last write
    };
    for (String[] c : cases) {
      String dest = c[0];
      FileSystem other = FileSystem.newInstance(cluster.getURI(), cluster.getConfiguration(0));
      try {
        StreamFileSystem.SinkFile first =
            new HadoopStreamFileSystem(other, 20_000).createSink(dest);
        first.write(bytes("a,1\n"), 0, 4);
        long acked = first.flushDurable();
        first.write(bytes(c[1]), 0, c[1].length());
        first.flushDurable();
        try (StreamFileSystem.SinkFile second = hdfs().reopenSink(dest, acked, lines(c[2]))) {
          second.write(bytes(c[2]), 0, c[2].length());
          assertThat(second.flushDurable()).isEqualTo(4 + c[2].length());
        }
      } finally {
        other.close();
      }
      assertThat(read(cluster.getFileSystem(), dest)).as(dest).isEqualTo("a,1\n" + c[2]);
    }
  }

  @Test
  void sinkRestartOnLocalFiles() throws Exception {
    String dest = tmp.resolve("local.out").toString();
    HadoopStreamFileSystem fs = local();
    try (StreamFileSystem.SinkFile s = fs.createSink(dest)) {
      s.write(bytes("x\ny\nz\n"), 0, 6);
      assertThat(s.flushDurable()).isEqualTo(6);
    }
    try (StreamFileSystem.SinkFile s = fs.reopenSink(dest, 4, TailLines.none())) {
      s.write(bytes("w\n"), 0, 2);
      assertThat(s.flushDurable()).isEqualTo(6);
    }
    assertThat(Files.readString(java.nio.file.Path.of(dest))).isEqualTo("x\ny\nw\n");
  }

  /**
   * Nothing fences a sink's predecessor on a local file: when it writes after its successor
   * reopened the file (a task moved while its old incarnation still flushed), both sinks' lines
   * stay. Before session 9 the first sink wrote at its own position and overwrote its successor's.
   */
  @Test
  void aLocalSinksPredecessorStillWritingDoesNotOverwriteItsSuccessor() throws Exception {
    String dest = tmp.resolve("two-sinks.out").toString();
    HadoopStreamFileSystem fs = local();
    try (StreamFileSystem.SinkFile first = fs.createSink(dest)) {
      first.write(bytes("a,1\n"), 0, 4);
      first.flushDurable();
      try (StreamFileSystem.SinkFile second = fs.reopenSinkKeepingAll(dest)) {
        second.write(bytes("b,1\n"), 0, 4);
        second.flushDurable();
        first.write(bytes("c,1\n"), 0, 4);
        first.flushDurable();
      }
    }
    assertThat(Files.readAllLines(java.nio.file.Path.of(dest)))
        .containsExactlyInAnyOrder("a,1", "b,1", "c,1");
  }

  @Test
  void linesAreNumberedFromOne() throws Exception {
    java.nio.file.Path src = tmp.resolve("src.csv");
    Files.writeString(src, "h1,h2\n\"a,b\",c\n\nlast");
    List<String> got = new ArrayList<>();
    try (StreamFileSystem.LineReader r = local().openLines(src.toString())) {
      for (String l = r.next(); l != null; l = r.next()) {
        got.add(r.lineNumber() + ":" + l);
      }
    }
    assertThat(got).containsExactly("1:h1,h2", "2:\"a,b\",c", "3:", "4:last");
  }

  @Test
  void missingSourceAndExistingDestinationAreClearErrors() throws Exception {
    assertThatThrownBy(() -> hdfs().openLines("/no/such.csv"))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining("/no/such.csv");
    String dest = "/out/exists.out";
    hdfs().createSink(dest).close();
    assertThatThrownBy(() -> hdfs().createSink(dest))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThatThrownBy(() -> hdfs().reopenSink(dest, 10, TailLines.none()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("less than");
  }
}
