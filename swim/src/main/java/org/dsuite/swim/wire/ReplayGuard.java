package org.dsuite.swim.wire;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rejects replayed authenticated packets: a packet's timestamp must be within {@code windowMs} of
 * the local clock, and each sender's counters are tracked with a 64-packet sliding window (as in
 * IPsec), so reordering is tolerated but a repeat is not. At most {@code sendersMax} senders are
 * tracked (least recently seen evicted); an evicted sender is still bounded by the time window.
 */
public final class ReplayGuard {
  private static final class Window {
    long highest = -1;
    long seen; // bit i: highest - i was seen
  }

  private final long windowMs;
  private final Map<Object, Window> senders;

  public ReplayGuard(long windowMs, int sendersMax) {
    this.windowMs = windowMs;
    this.senders =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Object, Window> eldest) {
            return size() > sendersMax;
          }
        };
  }

  /** True (and remembered) if the packet is fresh; false if stale or a replay. */
  public boolean accept(Object sender, long counter, long timestampMs, long nowMs) {
    if (Math.abs(nowMs - timestampMs) > windowMs || counter < 0) {
      return false;
    }
    Window w = senders.computeIfAbsent(sender, k -> new Window());
    if (counter > w.highest) {
      long shift = counter - w.highest;
      w.seen = shift >= 64 ? 0 : w.seen << shift;
      w.seen |= 1;
      w.highest = counter;
      return true;
    }
    long back = w.highest - counter;
    if (back >= 64 || (w.seen & (1L << back)) != 0) {
      return false;
    }
    w.seen |= 1L << back;
    return true;
  }
}
