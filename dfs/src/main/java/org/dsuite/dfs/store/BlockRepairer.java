package org.dsuite.dfs.store;

import org.dsuite.dfs.core.BlockMeta;

/**
 * Fetches a good copy of a damaged block from another replica and installs it with {@link
 * FileStore#replaceBlock}. Implemented by the server, which knows the other replicas.
 */
@FunctionalInterface
public interface BlockRepairer {
  /** Returns true if the block was replaced by a copy whose CRC32C matched. */
  boolean repair(String name, BlockMeta block);

  BlockRepairer NONE = (name, block) -> false;
}
