package org.dsuite.rainstorm.api;

/**
 * How a key maps to one of {@code numTasks} tasks. One definition, so every upstream task routes a
 * key to the same downstream task and a restarted task owns the same keys.
 */
public final class Partitioning {
  private Partitioning() {}

  /** The task (0-based) that owns {@code key}: a mixed hash of the key modulo {@code numTasks}. */
  public static int taskOf(String key, int numTasks) {
    if (numTasks < 1) {
      throw new IllegalArgumentException("numTasks must be at least 1, got " + numTasks);
    }
    // String.hashCode is stable across JVMs (specified); the mix spreads keys that differ only in
    // their last characters, which plain modulo of hashCode would cluster.
    int h = key.hashCode() * 0x9E3779B9;
    h ^= h >>> 16;
    return Math.floorMod(h, numTasks);
  }
}
