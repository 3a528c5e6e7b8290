package org.dsuite.dfs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.dsuite.dfs.core.BlockId;
import org.dsuite.dfs.core.BlockMeta;
import org.dsuite.dfs.core.FileLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest {
  @TempDir Path dir;

  static PendingBlock block(FileStore s, byte[] data) throws IOException {
    BlockWriter w = s.newBlock(Long.MAX_VALUE);
    w.write(data, 0, data.length);
    return w.finish();
  }

  static byte[] read(FileStore s, String name, BlockRepairer r) throws IOException {
    FileLog log = s.log(name).orElseThrow();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = s.openContent(log, r)) {
      in.transferTo(out);
    }
    return out.toByteArray();
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void appendsAreOrderedDedupedAndSurviveARestart() throws IOException {
    FileStore s = new FileStore(dir, 4096);
    assertThat(s.create("f", 1, new BlockId("c", 0), block(s, "base|".getBytes())))
        .isEqualTo(FileStore.WriteResult.APPLIED);
    assertThat(s.append("f", new BlockId("a", 2), block(s, "x".getBytes())))
        .isEqualTo(FileStore.WriteResult.GAP);
    assertThat(s.append("f", new BlockId("a", 1), block(s, "a1|".getBytes())))
        .isEqualTo(FileStore.WriteResult.APPLIED);
    assertThat(s.append("f", new BlockId("a", 1), block(s, "again".getBytes())))
        .isEqualTo(FileStore.WriteResult.DUPLICATE);
    assertThat(s.append("f", new BlockId("a", 2), block(s, "a2".getBytes())))
        .isEqualTo(FileStore.WriteResult.APPLIED);
    assertThat(s.create("f", 2, new BlockId("d", 0), block(s, "other".getBytes())))
        .isEqualTo(FileStore.WriteResult.EXISTS);
    assertThat(new String(read(s, "f", BlockRepairer.NONE))).isEqualTo("base|a1|a2");

    FileStore reopened = new FileStore(dir, 4096);
    assertThat(new String(read(reopened, "f", BlockRepairer.NONE))).isEqualTo("base|a1|a2");
    assertThat(reopened.log("f").orElseThrow().version())
        .isEqualTo(s.log("f").orElseThrow().version());
  }

  @Test
  void hostileNamesStayKeys() throws IOException {
    FileStore s = new FileStore(dir, 4096);
    s.create("../../etc/passwd", 1, new BlockId("c", 0), block(s, "k".getBytes()));
    try (Stream<Path> all = Files.walk(dir)) {
      assertThat(all).allMatch(p -> p.startsWith(dir));
    }
    assertThat(Files.exists(dir.resolve("files").resolve(FileStore.dirName("../../etc/passwd"))))
        .isTrue();
    assertThat(new String(read(s, "../../etc/passwd", BlockRepairer.NONE))).isEqualTo("k");
  }

  @Test
  void aFlippedByteIsDetectedOnReadAndRepairedFromAGoodReplica() throws IOException {
    FileStore bad = new FileStore(dir.resolve("bad"), 4096);
    FileStore good = new FileStore(dir.resolve("good"), 4096);
    byte[] data = random(50_000, 1);
    for (FileStore s : List.of(bad, good)) {
      s.create("f", 1, new BlockId("c", 0), block(s, data));
    }
    BlockMeta meta = bad.log("f").orElseThrow().blocks().get(0);
    Path file = bad.blockFileForTest("f", meta);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(20_000);
      int b = raf.read();
      raf.seek(20_000);
      raf.write(b ^ 0x40);
    }
    assertThatThrownBy(() -> read(bad, "f", BlockRepairer.NONE))
        .isInstanceOf(CorruptBlockException.class);

    BlockRepairer fromGood =
        (name, block) -> {
          try (InputStream in =
              good.openBlockContent(name, good.log(name).orElseThrow().find(block.id()))) {
            BlockWriter w = bad.newBlock(block.length());
            in.transferTo(w);
            return bad.replaceBlock(name, block.id(), w.finish());
          } catch (IOException e) {
            return false;
          }
        };
    assertThat(read(bad, "f", fromGood)).isEqualTo(data);
    // repaired on disk too: a plain read now succeeds
    assertThat(read(bad, "f", BlockRepairer.NONE)).isEqualTo(data);
    assertThat(bad.corruptionsDetected()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void theScrubberFindsAndRepairsDamage() throws IOException {
    FileStore s = new FileStore(dir, 4096);
    byte[] data = random(9_000, 2);
    s.create("g", 1, new BlockId("c", 0), block(s, data));
    BlockMeta meta = s.log("g").orElseThrow().blocks().get(0);
    Path file = s.blockFileForTest("g", meta);
    byte[] original = Files.readAllBytes(file);
    byte[] damaged = Arrays.copyOf(original, original.length);
    damaged[damaged.length - 1] ^= 1;
    Files.write(file, damaged);
    int[] repaired = new int[1];
    Scrubber scrubber =
        new Scrubber(
            s,
            (name, block) -> {
              repaired[0]++;
              try {
                Files.write(file, original); // stands in for a copy fetched from a peer
                return true;
              } catch (IOException e) {
                return false;
              }
            });
    assertThat(scrubber.runOnce()).isEqualTo(new Scrubber.Pass(1, 1, 1));
    assertThat(scrubber.runOnce()).isEqualTo(new Scrubber.Pass(1, 0, 0));
    assertThat(read(s, "g", BlockRepairer.NONE)).isEqualTo(data);
  }

  @Test
  void aRepairWithTheWrongBytesIsRefused() throws IOException {
    FileStore s = new FileStore(dir, 4096);
    s.create("h", 1, new BlockId("c", 0), block(s, "right".getBytes()));
    assertThat(s.replaceBlock("h", new BlockId("c", 0), block(s, "wrong".getBytes()))).isFalse();
    assertThat(new String(read(s, "h", BlockRepairer.NONE))).isEqualTo("right");
  }

  @Test
  void tombstonesBeatOlderGenerationsAndReorderChangesOnlyOrder() throws IOException {
    FileStore s = new FileStore(dir, 4096);
    s.create("t", 5, new BlockId("c", 0), block(s, "B".getBytes()));
    s.append("t", new BlockId("x", 1), block(s, "x".getBytes()));
    s.append("t", new BlockId("y", 1), block(s, "y".getBytes()));
    s.reorder("t", 5, List.of(new BlockId("c", 0), new BlockId("y", 1), new BlockId("x", 1)));
    assertThat(new String(read(s, "t", BlockRepairer.NONE))).isEqualTo("Byx");
    assertThat(s.tombstone("t", 5)).isEqualTo(FileStore.WriteResult.APPLIED);
    assertThat(s.syncBlock("t", 5, true, new BlockId("c", 0), block(s, "B".getBytes())))
        .isEqualTo(FileStore.WriteResult.STALE);
    assertThat(s.create("t", 6, new BlockId("d", 0), block(s, "new".getBytes())))
        .isEqualTo(FileStore.WriteResult.APPLIED);
    assertThat(new String(read(s, "t", BlockRepairer.NONE))).isEqualTo("new");
  }
}
