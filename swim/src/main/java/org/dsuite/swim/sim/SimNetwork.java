package org.dsuite.swim.sim;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The simulated network between nodes (by index): uniform loss, a delay range (so messages
 * reorder), duplication, partitions and one-way loss. Mutable: tests change it mid-run.
 */
public final class SimNetwork {
  private double lossRate;
  private long delayMinMs = 1;
  private long delayMaxMs = 5;
  private double duplicateRate;
  private final Map<Long, Double> oneWayLoss = new HashMap<>();
  private final Map<Integer, Integer> side = new HashMap<>();

  public SimNetwork lossRate(double rate) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("loss rate must be in [0, 1], got " + rate);
    }
    this.lossRate = rate;
    return this;
  }

  public SimNetwork delayMs(long minMs, long maxMs) {
    if (minMs < 0 || maxMs < minMs) {
      throw new IllegalArgumentException("need 0 <= min <= max, got " + minMs + ".." + maxMs);
    }
    this.delayMinMs = minMs;
    this.delayMaxMs = maxMs;
    return this;
  }

  public SimNetwork duplicateRate(double rate) {
    this.duplicateRate = rate;
    return this;
  }

  /** Messages from {@code from} to {@code to} are lost with probability {@code rate}. */
  public SimNetwork oneWayLoss(int from, int to, double rate) {
    oneWayLoss.put(pair(from, to), rate);
    return this;
  }

  public SimNetwork clearOneWayLoss() {
    oneWayLoss.clear();
    return this;
  }

  /** Cuts {@code group} off from everyone else (both directions). */
  public SimNetwork partition(Set<Integer> group) {
    side.clear();
    for (int n : new HashSet<>(group)) {
      side.put(n, 1);
    }
    return this;
  }

  public SimNetwork heal() {
    side.clear();
    return this;
  }

  boolean connected(int from, int to) {
    return side.getOrDefault(from, 0).equals(side.getOrDefault(to, 0));
  }

  double lossFor(int from, int to) {
    double oneWay = oneWayLoss.getOrDefault(pair(from, to), 0.0);
    return 1 - (1 - lossRate) * (1 - oneWay);
  }

  double duplicateRate() {
    return duplicateRate;
  }

  long delayMinMs() {
    return delayMinMs;
  }

  long delayMaxMs() {
    return delayMaxMs;
  }

  private static long pair(int from, int to) {
    return ((long) from << 32) | (to & 0xFFFFFFFFL);
  }
}
