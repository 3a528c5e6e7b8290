package org.dsuite.spark.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-batch commit protocol and the current-counts reading, on the local file system. */
class BatchOutputTest {
  @TempDir Path tmp;
  private final Configuration conf = new Configuration();

  private void writeBatch(BatchOutput out, long id, String... rows) {
    out.commit(
        conf,
        id,
        dir -> {
          Path d = Files.createDirectories(Path.of(dir.replaceFirst("^file:", "")));
          Files.writeString(d.resolve("part-00000"), String.join("\n", rows) + "\n");
        });
  }

  @Test
  void aReplayedBatchReplacesItsOutputAndLaterBatchesWin() throws Exception {
    BatchOutput out = new BatchOutput(tmp.resolve("dest").toString());
    writeBatch(out, 0, "a,1", "b,1");
    writeBatch(out, 1, "a,2", "\"x,y\",1");
    writeBatch(out, 1, "a,2", "\"x,y\",1"); // replay after a crash: same rows, same place
    writeBatch(out, 10, "a,3"); // batch ids order numerically, not as text

    Map<String, Long> counts = CurrentCounts.read(tmp.resolve("dest").toString(), conf);
    assertThat(counts)
        .containsExactly(Map.entry("a", 3L), Map.entry("b", 1L), Map.entry("x,y", 1L));
    try (var files = Files.list(tmp.resolve("dest/batch=1"))) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void aFailedWriteLeavesTheCommittedBatchUntouched() throws Exception {
    BatchOutput out = new BatchOutput(tmp.resolve("dest").toString());
    writeBatch(out, 0, "a,1");
    assertThatThrownBy(
            () ->
                out.commit(
                    conf,
                    0,
                    dir -> {
                      throw new IOException("disk full");
                    }))
        .isInstanceOf(UncheckedIOException.class);
    assertThat(CurrentCounts.read(tmp.resolve("dest").toString(), conf))
        .containsExactly(Map.entry("a", 1L));
  }

  @Test
  void aMalformedCountRowIsReportedWithItsFileAndLine() {
    BatchOutput out = new BatchOutput(tmp.resolve("dest").toString());
    writeBatch(out, 0, "a,1", "a,b,c");
    assertThatThrownBy(() -> CurrentCounts.read(tmp.resolve("dest").toString(), conf))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("part-00000:2");
  }

  @Test
  void aCheckpointClaimedByOneJobRefusesAnother() throws Exception {
    String cp = tmp.resolve("cp").toString();
    assertThat(CheckpointGuard.claim(cp, "app=a\n", conf)).isFalse();
    assertThat(CheckpointGuard.claim(cp, "app=a\n", conf)).isTrue();
    assertThatThrownBy(() -> CheckpointGuard.claim(cp, "app=b\n", conf))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("belongs to another job");
  }
}
