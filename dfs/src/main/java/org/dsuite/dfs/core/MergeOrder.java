package org.dsuite.dfs.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The order the first successor decides at {@code merge}: its own order, then every block only
 * other replicas hold, sorted by (client, seq).
 *
 * <p>Why this keeps each client's order: a replica accepts a client's append only right after that
 * client's previous one (see {@link FileLog#checkAppend}), so each client's blocks on any replica
 * are a prefix of that client's sequence. The primary's order keeps its prefix in order; the blocks
 * it lacks are a later part of the sequence, appended after it in seq order.
 */
public final class MergeOrder {
  private MergeOrder() {}

  public static List<BlockId> decide(List<BlockId> primary, Collection<List<BlockId>> others) {
    Set<BlockId> seen = new LinkedHashSet<>(primary);
    TreeSet<BlockId> missing = new TreeSet<>(BlockId.CLIENT_ORDER);
    for (List<BlockId> other : others) {
      for (BlockId id : other) {
        if (!seen.contains(id)) {
          missing.add(id);
        }
      }
    }
    List<BlockId> out = new ArrayList<>(primary);
    out.addAll(missing);
    return out;
  }
}
