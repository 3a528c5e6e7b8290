package org.dsuite.dfs.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.dsuite.dfs.core.BlockMeta;

/**
 * A file's content as one stream: its blocks in log order, each verified chunk by chunk. When a
 * chunk fails its checksum the block is repaired from another replica and reading resumes at the
 * same offset (a block's ID names immutable bytes, so the good copy continues seamlessly). If the
 * repair fails the read fails with {@link CorruptBlockException}: no unverified byte is returned.
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

  ContentInput(FileStore store, String name, List<BlockMeta> blocks, BlockRepairer repairer) {
    this.store = store;
    this.name = name;
    this.repairer = repairer;
    this.blocks = List.copyOf(blocks);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (true) {
      if (current == null) {
        if (index + 1 >= blocks.size()) {
          return -1;
        }
        index++;
        offsetInBlock = 0;
        repairedCurrent = false;
        current = store.openBlock(name, blocks.get(index));
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
    current.skipNBytes(offsetInBlock);
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      current.close();
    }
  }
}
