package org.dsuite.rainstorm.engine.core;

import java.util.function.ToIntFunction;

/**
 * Picks the downstream task of an output. Keyed stages get tuples by key hash, so one task owns a
 * key's state; stateless stages get them spread by tuple-ID hash, which is even and, unlike a
 * round-robin counter, needs no state of its own.
 */
@FunctionalInterface
public interface Router {
  int route(DataTuple tuple);

  /**
   * Whether {@link #route} reads the tuple's ID. The core derives an output's routing ID (a hash of
   * its input's ID, {@link TupleId#child}) only for a router that does; one that routes by key or
   * sends everything to one task is given the input's ID instead, which it ignores.
   */
  default boolean readsId() {
    return true;
  }

  /** A router that reads only a tuple's key and value, never its ID ({@link #readsId()}). */
  static Router byContent(ToIntFunction<DataTuple> route) {
    return new Router() {
      @Override
      public int route(DataTuple tuple) {
        return route.applyAsInt(tuple);
      }

      @Override
      public boolean readsId() {
        return false;
      }
    };
  }

  /** Routes by the hash of the key over {@code tasks} downstream tasks. */
  static Router byKey(int tasks) {
    requirePositive(tasks);
    return byContent(t -> Math.floorMod((int) TupleId.mix64(t.key().hashCode()), tasks));
  }

  /** Spreads tuples evenly over {@code tasks} downstream tasks by ID hash. */
  static Router byId(int tasks) {
    requirePositive(tasks);
    return t -> Math.floorMod(t.id().spread(), tasks);
  }

  /** Everything to task 0 (a single sink). */
  static Router single() {
    return byContent(t -> 0);
  }

  private static void requirePositive(int tasks) {
    if (tasks < 1) {
      throw new IllegalArgumentException("downstream tasks must be >= 1: " + tasks);
    }
  }
}
