package org.dsuite.dfs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.dsuite.dfs.core.BlockId;
import org.dsuite.dfs.core.BlockMeta;
import org.dsuite.dfs.core.FileLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Range reads against a slice of the whole content (the reference), over a file of several blocks
 * of several chunks each: every boundary and many random ranges.
 */
class RangeReadTest {
  private static final int CHUNK = 1000;

  @TempDir Path dir;
  FileStore store;
  byte[] content;

  @BeforeEach
  void file() throws IOException {
    store = new FileStore(dir, CHUNK);
    Random rnd = new Random(7);
    // base of 3.5 chunks, then appends of 1 byte, 2 chunks exactly, 0 bytes and 2.3 chunks
    int[] sizes = {3_500, 1, 2_000, 0, 2_300};
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int i = 0; i < sizes.length; i++) {
      byte[] b = new byte[sizes[i]];
      rnd.nextBytes(b);
      all.write(b);
      if (i == 0) {
        store.create("f", 1, new BlockId("c", 0), FileStoreTest.block(store, b));
      } else {
        store.append("f", new BlockId("a", i), FileStoreTest.block(store, b));
      }
    }
    content = all.toByteArray();
  }

  byte[] range(FileStore s, long start, long max, BlockRepairer r) throws IOException {
    FileLog log = s.log("f").orElseThrow();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = s.openContent(log, r, start, max)) {
      byte[] buf = new byte[333]; // smaller than a chunk: reads end mid-chunk
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        out.write(buf, 0, n);
      }
    }
    return out.toByteArray();
  }

  byte[] expected(long start, long max) {
    int from = (int) Math.min(start, content.length);
    int to = (int) Math.min(content.length, from + Math.min(max, content.length));
    return Arrays.copyOfRange(content, from, to);
  }

  @Test
  void everyBoundaryAndRandomRangesMatchTheSlice() throws IOException {
    long[] points = {0, 1, 999, 1000, 1001, 3_499, 3_500, 3_501, 5_500, 5_501, 7_800, 7_801, 9_999};
    for (long start : points) {
      for (long max : new long[] {0, 1, 2, 999, 1000, 2_500, Long.MAX_VALUE}) {
        assertThat(range(store, start, max, BlockRepairer.NONE))
            .as("start %d max %d", start, max)
            .isEqualTo(expected(start, max));
      }
    }
    Random rnd = new Random(11);
    for (int i = 0; i < 500; i++) {
      long start = rnd.nextInt(content.length + 10);
      long max = rnd.nextInt(content.length + 10);
      assertThat(range(store, start, max, BlockRepairer.NONE))
          .as("start %d max %d", start, max)
          .isEqualTo(expected(start, max));
    }
  }

  @Test
  void aCorruptChunkInsideTheRangeFailsOrIsRepairedAndOneOutsideIsNotRead() throws IOException {
    FileStore good = new FileStore(dir.resolve("good"), CHUNK);
    FileLog log = store.log("f").orElseThrow();
    for (BlockMeta m : log.blocks()) {
      byte[] b = new byte[(int) m.length()];
      try (InputStream in = store.openBlockContent("f", m)) {
        in.readNBytes(b, 0, b.length);
      }
      if (m.id().isBase()) {
        good.create("f", 1, m.id(), FileStoreTest.block(good, b));
      } else {
        good.append("f", m.id(), FileStoreTest.block(good, b));
      }
    }
    // flip a byte in the base block's second chunk (content bytes 1000-1999)
    BlockMeta base = log.blocks().get(0);
    Path file = store.blockFileForTest("f", base);
    long at = (8 + CHUNK) + 8 + 500; // second chunk's header, then 500 bytes into its data
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(at);
      int b = raf.read();
      raf.seek(at);
      raf.write(b ^ 0x10);
    }
    // a range after the damaged chunk skips it unread, so it is served
    assertThat(range(store, 2_000, 3_000, BlockRepairer.NONE)).isEqualTo(expected(2_000, 3_000));
    // a range that covers it never hands out the damaged bytes
    assertThatThrownBy(() -> range(store, 1_200, 100, BlockRepairer.NONE))
        .isInstanceOf(CorruptBlockException.class);
    BlockRepairer fromGood =
        (name, block) -> {
          try (InputStream in =
              good.openBlockContent(name, good.log(name).orElseThrow().find(block.id()))) {
            BlockWriter w = store.newBlock(block.length());
            in.transferTo(w);
            return store.replaceBlock(name, block.id(), w.finish());
          } catch (IOException e) {
            return false;
          }
        };
    assertThat(range(store, 1_200, 100, fromGood)).isEqualTo(expected(1_200, 100));
    assertThat(range(store, 0, Long.MAX_VALUE, BlockRepairer.NONE)).isEqualTo(content);
    assertThat(store.corruptionsDetected()).isEqualTo(2);
  }

  @Test
  void aNegativeRangeIsRefused() {
    FileLog log = store.log("f").orElseThrow();
    assertThatThrownBy(() -> store.openContent(log, BlockRepairer.NONE, -1, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.openContent(log, BlockRepairer.NONE, 0, -5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
