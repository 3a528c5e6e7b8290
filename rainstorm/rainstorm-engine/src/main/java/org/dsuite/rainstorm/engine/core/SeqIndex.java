package org.dsuite.rainstorm.engine.core;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Values by sequenced tuple ID ({@link TupleId#sequenced}): per stream, a ring of slots indexed by
 * sequence number from the lowest one held. A task's outputs are numbered 1, 2, 3, ... per
 * downstream stream and are mostly acknowledged in that order, so insert, lookup and removal are an
 * array access, with no hashing of 128-bit IDs and no node per entry (a {@code LinkedHashMap} keyed
 * by {@link TupleId} was the core's largest cost in the profile). A stream's ring spans from its
 * lowest to its highest held number, so one long-unacknowledged output keeps the numbers after it
 * addressable: memory grows with that span (8 bytes per number), which the resend timer and the
 * downstream dedupe window keep short. Single-threaded.
 */
final class SeqIndex<V> {
  private static final class Ring {
    Object[] slots = new Object[16];
    int head; // slot of sequence number `base`
    long base;
    int span; // numbers base .. base + span - 1 are addressable
    int live;

    int slot(long seq) {
      return (int) (head + (seq - base)) & (slots.length - 1);
    }

    void grow(int need) {
      int cap = slots.length;
      while (cap < need) {
        if (cap >= 1 << 30) {
          throw new IllegalStateException("unacknowledged span beyond 2^30 numbers");
        }
        cap <<= 1;
      }
      if (cap == slots.length) {
        return;
      }
      Object[] to = new Object[cap];
      for (int i = 0; i < span; i++) {
        to[i] = slots[(head + i) & (slots.length - 1)];
      }
      slots = to;
      head = 0;
    }
  }

  private final Map<Long, Ring> streams = new HashMap<>();
  private long lastStream;
  private Ring last;
  private int size;

  private Ring ring(long stream, boolean create) {
    if (last != null && lastStream == stream) {
      return last;
    }
    Ring r = streams.get(stream);
    if (r == null) {
      if (!create) {
        return null;
      }
      r = new Ring();
      streams.put(stream, r);
    }
    lastStream = stream;
    last = r;
    return r;
  }

  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  V get(TupleId id) {
    Ring r = ring(id.hi(), false);
    if (r == null) {
      return null;
    }
    long off = id.lo() - r.base;
    return off < 0 || off >= r.span ? null : (V) r.slots[r.slot(id.lo())];
  }

  /** Holds {@code v} under {@code id}; returns what it replaced, or null. */
  @SuppressWarnings("unchecked")
  V put(TupleId id, V v) {
    if (!id.isSequenced()) {
      throw new IllegalArgumentException("not a sequenced ID: " + id);
    }
    Ring r = ring(id.hi(), true);
    long seq = id.lo();
    if (r.span == 0) {
      r.base = seq;
      r.head = 0;
      r.span = 1;
    } else if (seq < r.base) {
      long more = r.base - seq;
      if (more + r.span > 1 << 30) {
        throw new IllegalStateException("unacknowledged span beyond 2^30 numbers");
      }
      r.grow(r.span + (int) more);
      r.head = (int) (r.head - more) & (r.slots.length - 1);
      r.base = seq;
      r.span += (int) more;
    } else if (seq - r.base >= r.span) {
      long need = seq - r.base + 1;
      if (need > 1 << 30) {
        throw new IllegalStateException("unacknowledged span beyond 2^30 numbers");
      }
      r.grow((int) need);
      r.span = (int) need;
    }
    int s = r.slot(seq);
    Object old = r.slots[s];
    if (old == null) {
      r.live++;
      size++;
    }
    r.slots[s] = v;
    return (V) old;
  }

  /** Removes and returns what {@code id} held, or null. */
  @SuppressWarnings("unchecked")
  V remove(TupleId id) {
    Ring r = ring(id.hi(), false);
    if (r == null) {
      return null;
    }
    long off = id.lo() - r.base;
    if (off < 0 || off >= r.span) {
      return null;
    }
    int s = r.slot(id.lo());
    V v = (V) r.slots[s];
    if (v == null) {
      return null;
    }
    r.slots[s] = null;
    r.live--;
    size--;
    if (r.live == 0) {
      r.span = 0; // every slot is null again
    } else {
      int mask = r.slots.length - 1;
      while (r.slots[r.head] == null) { // trim the front: acks mostly come in order
        r.head = (r.head + 1) & mask;
        r.base++;
        r.span--;
      }
      while (r.slots[(r.head + r.span - 1) & mask] == null) {
        r.span--;
      }
    }
    return v;
  }

  /** Every held value, stream by stream in number order. */
  @SuppressWarnings("unchecked")
  void forEach(Consumer<V> action) {
    for (Ring r : streams.values()) {
      for (int i = 0; i < r.span; i++) {
        Object v = r.slots[(r.head + i) & (r.slots.length - 1)];
        if (v != null) {
          action.accept((V) v);
        }
      }
    }
  }
}
