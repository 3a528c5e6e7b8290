package org.dsuite.rainstorm.engine.core;

/**
 * Picks the downstream task of an output. Keyed stages get tuples by key hash, so one task owns a
 * key's state; stateless stages get them spread by tuple-ID hash, which is even and, unlike a
 * round-robin counter, needs no state of its own.
 */
@FunctionalInterface
public interface Router {
  int route(DataTuple tuple);

  /** Routes by the hash of the key over {@code tasks} downstream tasks. */
  static Router byKey(int tasks) {
    requirePositive(tasks);
    return t -> Math.floorMod((int) TupleId.mix64(t.key().hashCode()), tasks);
  }

  /** Spreads tuples evenly over {@code tasks} downstream tasks by ID hash. */
  static Router byId(int tasks) {
    requirePositive(tasks);
    return t -> Math.floorMod(t.id().spread(), tasks);
  }

  /** Everything to task 0 (a single sink). */
  static Router single() {
    return t -> 0;
  }

  private static void requirePositive(int tasks) {
    if (tasks < 1) {
      throw new IllegalArgumentException("downstream tasks must be >= 1: " + tasks);
    }
  }
}
