package org.dsuite.rainstorm.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HyDFS source and exactly-once sink against a real one-node HyDFS: a restarted sink whose
 * predecessor appended a batch it never logged as acknowledged writes no line twice.
 */
class HydfsStreamFileSystemTest {
  @TempDir static Path dir;
  private static HydfsTestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = new HydfsTestNode(dir);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static void line(StreamFileSystem.SinkFile f, String s) throws Exception {
    byte[] b = (s + "\n").getBytes(StandardCharsets.UTF_8);
    f.write(b, 0, b.length);
  }

  private static List<String> lines(StreamFileSystem fs, String name) throws Exception {
    List<String> out = new ArrayList<>();
    try (StreamFileSystem.LineReader r = fs.openLines(name)) {
      for (String l = r.next(); l != null; l = r.next()) {
        out.add(l);
      }
    }
    return out;
  }

  @Test
  void restartedSinkSkipsLinesItsPredecessorAppendedButNeverLogged() throws Exception {
    String name = HydfsName.of(node.address(), "out/restart.txt");
    StreamFileSystem fs = UriFileSystems.streams(name, 1_000);
    assertThat(fs.exists(name)).isFalse();
    StreamFileSystem.SinkFile first = fs.createSink(name);
    line(first, "a,1");
    line(first, "b,1");
    long logged = first.flushDurable(); // acknowledged and logged
    line(first, "c,1");
    line(first, "a,2");
    line(first, "dup");
    assertThat(first.flushDurable()).isGreaterThan(logged); // appended, then the sink "crashed"
    assertThatThrownBy(() -> fs.createSink(name)).isInstanceOf(FileAlreadyExistsException.class);

    StreamFileSystem.SinkFile second =
        fs.reopenSink(name, logged, TailLines.parse(utf8("dup\na,2\nc,1\ndup\n")));
    // The recovered unacknowledged outputs come again, in another order, then new ones.
    line(second, "dup");
    line(second, "a,2");
    line(second, "c,1");
    line(second, "dup");
    line(second, "d,1");
    long end = second.flushDurable();
    second.close();

    List<String> got = lines(fs, name);
    assertThat(got).containsExactlyInAnyOrder("a,1", "b,1", "c,1", "a,2", "dup", "dup", "d,1");
    assertThat(got.subList(0, 2)).containsExactly("a,1", "b,1");
    assertThat(end).isEqualTo(String.join("\n", got).length() + 1);
    byte[] tail = fs.read(name, logged, 1 << 20);
    assertThat(new String(tail, StandardCharsets.UTF_8).split("\n")).hasSize(5);
    assertThat(Arrays.asList(new String(fs.read(name, 0, 4), StandardCharsets.UTF_8)))
        .containsExactly("a,1\n");
  }

  /**
   * The sink writes a whole release in one call: the lines the predecessor left past the logged
   * length are still skipped one by one (they were not when the release was compared as a whole).
   */
  @Test
  void restartedSinkSkipsLinesWithinOneMultiLineWrite() throws Exception {
    String name = HydfsName.of(node.address(), "out/restart-batch.txt");
    StreamFileSystem fs = UriFileSystems.streams(name, 1_000);
    StreamFileSystem.SinkFile first = fs.createSink(name);
    line(first, "a,1");
    long logged = first.flushDurable();
    line(first, "b,1");
    line(first, "c,1");
    first.flushDurable(); // appended, never logged as acknowledged: the sink "crashed"

    StreamFileSystem.SinkFile second =
        fs.reopenSink(name, logged, TailLines.parse(utf8("c,1\nb,1\n")));
    byte[] release = "c,1\nd,1\nb,1\n".getBytes(StandardCharsets.UTF_8);
    second.write(release, 0, release.length);
    second.flushDurable();
    second.close();

    assertThat(lines(fs, name)).containsExactlyInAnyOrder("a,1", "b,1", "c,1", "d,1");
  }

  /** HyDFS cannot cut a tail back: one the sink's log does not account for fails the restart. */
  @Test
  void restartedSinkRefusesATailItsLogDoesNotHold() throws Exception {
    String name = HydfsName.of(node.address(), "out/restart-foreign.txt");
    StreamFileSystem fs = UriFileSystems.streams(name, 1_000);
    StreamFileSystem.SinkFile first = fs.createSink(name);
    line(first, "a,1");
    long logged = first.flushDurable();
    line(first, "z,9");
    first.flushDurable();
    assertThatThrownBy(() -> fs.reopenSink(name, logged, TailLines.parse(utf8("b,1\n"))))
        .hasMessageContaining("past its acknowledged length");
    assertThat(lines(fs, name)).containsExactly("a,1", "z,9"); // unchanged
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void missingFilesAndBadNames() throws Exception {
    String name = HydfsName.of(node.address(), "no-such-file");
    StreamFileSystem fs = UriFileSystems.streams(name, 1_000);
    assertThat(fs.exists(name)).isFalse();
    assertThatThrownBy(() -> fs.openLines(name)).hasMessageContaining("does not exist");
    assertThatThrownBy(() -> HydfsName.parse("hydfs://127.0.0.1:1/"))
        .hasMessageContaining("no file name");
    assertThat(UriFileSystems.resolve("app1.out", node.address()))
        .isEqualTo("hydfs://" + node.address() + "/app1.out");
    assertThat(UriFileSystems.resolve("file:///tmp/x", node.address())).isEqualTo("file:///tmp/x");
    assertThatThrownBy(() -> UriFileSystems.resolve("s3://b/x", node.address()))
        .hasMessageContaining("unsupported scheme");
  }

  @Test
  void sourceSplitsReadThroughSmallRangeReadsHoldEveryLineOnceWithItsGlobalNumber()
      throws Exception {
    StringBuilder text = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 2_000; i++) {
      String l = "line " + i + ",\"quoted, field\"," + "x".repeat(i % 37);
      text.append(l).append('\n');
      expected.add(i + ":" + l);
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    String name = HydfsName.of(node.address(), "in/split.csv");
    try (var client =
        new org.dsuite.dfs.client.HydfsClient(
            org.dsuite.dfs.client.ClientConfig.of(List.of(node.address().toString())))) {
      client.create("in/split.csv", bytes);
      // chunks far smaller than the file and not aligned with lines
      try (HydfsRangeInput whole = new HydfsRangeInput(client, "in/split.csv", 997)) {
        assertThat(whole.length()).isEqualTo(bytes.length);
        assertThat(whole.readAllBytes()).isEqualTo(bytes);
      }
      for (int splits : new int[] {1, 3, 7}) {
        List<String> got = new ArrayList<>();
        for (int split = 0; split < splits; split++) {
          HydfsRangeInput in = new HydfsRangeInput(client, "in/split.csv", 997);
          try (StreamFileSystem.LineReader r =
              new SplitLineReader(in, in.length(), split, splits, 256)) {
            for (String l = r.next(); l != null; l = r.next()) {
              got.add(r.lineNumber() + ":" + l);
            }
          }
        }
        assertThat(got).as("%d splits", splits).containsExactlyElementsOf(expected);
      }
      assertThatThrownBy(() -> new HydfsRangeInput(client, "in/none.csv", 997))
          .isInstanceOf(java.io.FileNotFoundException.class);
      // a file appended to between two chunks is not stitched from two versions
      client.create("in/growing.csv", bytes);
      try (HydfsRangeInput in = new HydfsRangeInput(client, "in/growing.csv", 997)) {
        assertThat(in.read(new byte[997])).isEqualTo(997);
        client.append("in/growing.csv", "more\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(in::readAllBytes)
            .hasMessageContaining("changed while it was being read");
      }
    }
    // and through the file system, with its real chunk size
    StreamFileSystem fs = UriFileSystems.streams(name, 1_000);
    List<String> viaFs = new ArrayList<>();
    for (int split = 0; split < 3; split++) {
      try (StreamFileSystem.LineReader r = fs.openSplit(name, split, 3)) {
        for (String l = r.next(); l != null; l = r.next()) {
          viaFs.add(r.lineNumber() + ":" + l);
        }
      }
    }
    assertThat(viaFs).containsExactlyElementsOf(expected);
  }
}
