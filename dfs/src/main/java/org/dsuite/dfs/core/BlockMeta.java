package org.dsuite.dfs.core;

/**
 * One stored block of a file on one replica.
 *
 * @param length bytes of content
 * @param crc32c CRC32C of the whole block's content, checked on every read and by the scrubber
 * @param storageKey the replica-local number the block's data file is named by
 */
public record BlockMeta(BlockId id, long length, int crc32c, long storageKey) {
  public BlockMeta {
    if (length < 0) {
      throw new IllegalArgumentException("block length must be >= 0");
    }
  }
}
