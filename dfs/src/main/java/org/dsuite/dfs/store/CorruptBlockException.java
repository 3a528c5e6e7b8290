package org.dsuite.dfs.store;

import java.io.IOException;
import org.dsuite.dfs.core.BlockId;

/** A block's bytes on disk do not match their CRC32C: this replica's copy is damaged. */
public final class CorruptBlockException extends IOException {
  private final String name;
  private final BlockId block;

  public CorruptBlockException(String name, BlockId block, String detail) {
    super("corrupt block " + block + " of '" + name + "': " + detail);
    this.name = name;
    this.block = block;
  }

  public String fileName() {
    return name;
  }

  public BlockId block() {
    return block;
  }
}
