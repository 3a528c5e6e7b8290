package org.dsuite.swim.core;

/**
 * Lifeguard's local health multiplier: rises when this member shows signs of being slow (one step
 * per missed nack, a failed probe with no helper to blame, having to refute), falls on each
 * successful probe, and stretches the probe interval and timeout by {@code 1 + score}. As in
 * memberlist's awareness, the score stays below {@code max}, so the multiplier is at most {@code
 * max}.
 */
public final class LocalHealth {
  private final int max;
  private final boolean enabled;
  private int score;

  public LocalHealth(int max, boolean enabled) {
    this.max = max;
    this.enabled = enabled;
  }

  public void add(int delta) {
    if (enabled) {
      score = Math.max(0, Math.min(Math.max(0, max - 1), score + delta));
    }
  }

  public int score() {
    return score;
  }
}
