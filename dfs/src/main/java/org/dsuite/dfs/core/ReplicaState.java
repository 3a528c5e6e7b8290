package org.dsuite.dfs.core;

import java.util.HashSet;
import java.util.List;

/**
 * What one replica holds of one file, as exchanged between servers to decide who must copy what. A
 * file's life is numbered by its generation: {@code create} picks a generation above any earlier
 * tombstone, so a re-created file is never confused with a deleted one.
 */
public sealed interface ReplicaState {
  /** The replica has never heard of the file (or dropped its copy). */
  record Absent() implements ReplicaState {}

  /** The file was deleted; generations up to {@code generation} are dead. */
  record Tombstone(long generation) implements ReplicaState {}

  /** The replica holds generation {@code generation} with these blocks, in its local order. */
  record Present(long generation, List<BlockId> blocks) implements ReplicaState {
    public Present {
      blocks = List.copyOf(blocks);
    }
  }

  static ReplicaState absent() {
    return new Absent();
  }

  /**
   * True if this state already includes everything {@code other} holds: nothing needs to be copied
   * from a replica in state {@code other} to one in this state.
   */
  default boolean covers(ReplicaState other) {
    if (other instanceof Absent) {
      return true;
    }
    if (this instanceof Absent) {
      return false;
    }
    long mine = generationOf(this);
    if (other instanceof Tombstone t) {
      return this instanceof Tombstone ? mine >= t.generation() : mine > t.generation();
    }
    Present p = (Present) other;
    if (this instanceof Tombstone) {
      return mine >= p.generation();
    }
    Present me = (Present) this;
    return mine > p.generation()
        || (mine == p.generation() && new HashSet<>(me.blocks()).containsAll(p.blocks()));
  }

  /** True if this state makes {@code other} obsolete: a later generation or a later tombstone. */
  default boolean supersedes(ReplicaState other) {
    if (other instanceof Absent || this instanceof Absent) {
      return false;
    }
    long mine = generationOf(this);
    if (other instanceof Tombstone t) {
      return mine > t.generation();
    }
    return this instanceof Tombstone ? mine >= generationOf(other) : mine > generationOf(other);
  }

  /** The generation of a state, or -1 when absent. */
  static long generationOf(ReplicaState s) {
    if (s instanceof Tombstone t) {
      return t.generation();
    }
    if (s instanceof Present p) {
      return p.generation();
    }
    return -1;
  }
}
