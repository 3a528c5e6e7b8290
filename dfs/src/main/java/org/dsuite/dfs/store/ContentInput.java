package org.dsuite.dfs.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.dsuite.dfs.core.BlockMeta;

/**
 * A file's content (or a byte range of it) as one stream: its blocks in log order, each verified
 * chunk by chunk. When a chunk fails its checksum the block is repaired from another replica and
 * reading resumes at the same offset (a block's ID names immutable bytes, so the good copy
 * continues seamlessly). If the repair fails the read fails with {@link CorruptBlockException}: no
 * unverified byte is returned. A range starts at the block and chunk holding its first byte: the
 * blocks and chunks before it are skipped, not read.
 */
final class ContentInput extends InputStream {
  private final FileStore store;
  private final String name;
  private final BlockRepairer repairer;
  private final List<BlockMeta> blocks;
  private int index = -1;
  private BlockInput current;
  private long offsetInBlock;
  private boolean repairedCurrent;

  /** Where to start in the first block opened (a range read); 0 once it is open. */
  private long startInBlock;

  /** Where the current block's reading started (0 unless it is a range's first block). */
  private long startedInBlock;

  /** Bytes still to hand out. */
  private long remaining;

  ContentInput(
      FileStore store,
      String name,
      List<BlockMeta> blocks,
      BlockRepairer repairer,
      long start,
      long maxBytes) {
    if (start < 0 || maxBytes < 0) {
      throw new IllegalArgumentException("a range starts and lasts at least 0 bytes");
    }
    this.store = store;
    this.name = name;
    this.repairer = repairer;
    this.blocks = List.copyOf(blocks);
    this.remaining = maxBytes;
    long before = 0;
    while (index + 1 < this.blocks.size()
        && before + this.blocks.get(index + 1).length() <= start) {
      before += this.blocks.get(index + 1).length();
      index++;
    }
    this.startInBlock = start - before;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining == 0) {
      return -1;
    }
    len = (int) Math.min(len, remaining);
    while (true) {
      if (current == null) {
        if (index + 1 >= blocks.size()) {
          return -1;
        }
        index++;
        offsetInBlock = startInBlock;
        startedInBlock = startInBlock;
        startInBlock = 0;
        repairedCurrent = false;
        current = store.openBlock(name, blocks.get(index));
        try {
          current.skipTo(offsetInBlock);
        } catch (CorruptBlockException e) {
          recover(e);
        }
      }
      int n;
      try {
        n = current.read(b, off, len);
      } catch (CorruptBlockException e) {
        recover(e);
        continue;
      }
      if (n < 0) {
        current.close();
        current = null;
        continue;
      }
      offsetInBlock += n;
      remaining -= n;
      return n;
    }
  }

  private void recover(CorruptBlockException e) throws IOException {
    current.close();
    current = null;
    store.countCorruption();
    BlockMeta meta = blocks.get(index);
    if (repairedCurrent || !repairer.repair(name, meta)) {
      throw e;
    }
    repairedCurrent = true;
    current = store.openBlock(name, meta);
    if (startedInBlock == 0) {
      // Re-read (not skip) what was handed out, so the repaired block is checked against the
      // log's whole-block CRC as a whole read always is. Local disk only, and rare.
      current.skipNBytes(offsetInBlock);
    } else {
      current.skipTo(offsetInBlock);
    }
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      current.close();
    }
  }
}
