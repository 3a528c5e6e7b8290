package org.dsuite.dfs.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metadata of one file on one replica: its generation and its blocks in content order (the base
 * first, then appends). Immutable; every change returns a new log, which the store persists before
 * acknowledging. A deleted file keeps a tombstone log (no blocks) so a stale copy elsewhere is
 * recognised as deleted rather than copied back.
 */
public record FileLog(String name, long generation, boolean deleted, List<BlockMeta> blocks) {
  public FileLog {
    FileNames.validate(name);
    blocks = List.copyOf(blocks);
    if (deleted && !blocks.isEmpty()) {
      throw new IllegalArgumentException("a tombstone holds no blocks");
    }
    if (!deleted && (blocks.isEmpty() || !blocks.get(0).id().isBase())) {
      throw new IllegalArgumentException("a live file starts with its base block");
    }
  }

  public static FileLog created(String name, long generation, BlockMeta base) {
    return new FileLog(name, generation, false, List.of(base));
  }

  public static FileLog tombstone(String name, long generation) {
    return new FileLog(name, generation, true, List.of());
  }

  public boolean contains(BlockId id) {
    return find(id) != null;
  }

  public BlockMeta find(BlockId id) {
    for (BlockMeta b : blocks) {
      if (b.id().equals(id)) {
        return b;
      }
    }
    return null;
  }

  /** The highest sequence number of {@code clientId}'s appends here, or 0 if none. */
  public long lastSeq(String clientId) {
    long last = 0;
    for (BlockMeta b : blocks) {
      if (!b.id().isBase() && b.id().clientId().equals(clientId)) {
        last = Math.max(last, b.id().seq());
      }
    }
    return last;
  }

  /** Decides what to do with a client's append {@code id}. */
  public AppendCheck checkAppend(BlockId id) {
    if (id.isBase()) {
      throw new IllegalArgumentException("an append has seq >= 1");
    }
    if (contains(id)) {
      return AppendCheck.DUPLICATE;
    }
    return id.seq() == lastSeq(id.clientId()) + 1 ? AppendCheck.APPLY : AppendCheck.GAP;
  }

  /** This log with {@code block} added at the end; the caller has checked it is new. */
  public FileLog withBlock(BlockMeta block) {
    if (deleted) {
      throw new IllegalStateException("cannot add a block to a deleted file");
    }
    if (contains(block.id())) {
      throw new IllegalArgumentException("block " + block.id() + " is already in " + name);
    }
    List<BlockMeta> next = new ArrayList<>(blocks);
    next.add(block);
    return new FileLog(name, generation, false, next);
  }

  /**
   * This log reordered as {@code order} says: the listed blocks it holds first, in that order, then
   * any unlisted ones (appends that raced with the merge) in their current order. The base stays
   * first because every merge order starts with it.
   */
  public FileLog reordered(List<BlockId> order) {
    Map<BlockId, BlockMeta> byId = new HashMap<>();
    for (BlockMeta b : blocks) {
      byId.put(b.id(), b);
    }
    List<BlockMeta> next = new ArrayList<>(blocks.size());
    Set<BlockId> placed = new HashSet<>();
    for (BlockId id : order) {
      BlockMeta b = byId.get(id);
      if (b != null && placed.add(id)) {
        next.add(b);
      }
    }
    for (BlockMeta b : blocks) {
      if (!placed.contains(b.id())) {
        next.add(b);
      }
    }
    if (!next.get(0).id().isBase()) {
      throw new IllegalArgumentException("a merge order must start with the base block");
    }
    return new FileLog(name, generation, false, next);
  }

  public List<BlockId> order() {
    List<BlockId> ids = new ArrayList<>(blocks.size());
    for (BlockMeta b : blocks) {
      ids.add(b.id());
    }
    return ids;
  }

  public long size() {
    long total = 0;
    for (BlockMeta b : blocks) {
      total += b.length();
    }
    return total;
  }

  public long version() {
    return deleted ? 0 : ContentVersion.of(generation, order());
  }

  public ReplicaState state() {
    return deleted
        ? new ReplicaState.Tombstone(generation)
        : new ReplicaState.Present(generation, order());
  }
}
