package org.dsuite.swim.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * The dissemination queue: each update is piggybacked up to a limit, least-sent first (newest first
 * among equals), and a newer update about the same thing replaces the older one.
 */
public final class Retransmits {
  private static final class Entry {
    final Gossip gossip;
    final long order;
    int size = -1;
    int transmits;

    Entry(Gossip gossip, long order) {
      this.gossip = gossip;
      this.order = order;
    }
  }

  private static final Comparator<Entry> LEAST_SENT_FIRST =
      (a, b) ->
          a.transmits != b.transmits
              ? Integer.compare(a.transmits, b.transmits)
              : Long.compare(b.order, a.order);

  private final Map<Object, Entry> byKey = new HashMap<>();
  private final TreeSet<Entry> queue = new TreeSet<>(LEAST_SENT_FIRST);
  private long counter;

  public void add(Gossip g) {
    Entry old = byKey.remove(g.key());
    if (old != null) {
      queue.remove(old);
    }
    Entry e = new Entry(g, counter++);
    byKey.put(g.key(), e);
    queue.add(e);
  }

  public void remove(Object key) {
    Entry old = byKey.remove(key);
    if (old != null) {
      queue.remove(old);
    }
  }

  public int size() {
    return byKey.size();
  }

  /**
   * Takes updates least-sent first while they fit in {@code budgetBytes}, counting one transmission
   * for each and dropping those that reached {@code limit}.
   */
  public List<Gossip> take(int budgetBytes, int limit, ToIntFunction<Gossip> sizeOf) {
    List<Gossip> out = new ArrayList<>();
    List<Entry> chosen = new ArrayList<>();
    int left = budgetBytes;
    int skipped = 0;
    for (Entry e : queue) {
      if (e.size < 0) {
        e.size = sizeOf.applyAsInt(e.gossip);
      }
      int size = e.size;
      if (size <= left) {
        chosen.add(e);
        out.add(e.gossip);
        left -= size;
      } else if (++skipped > 8) {
        break; // a full packet: more scanning would rarely find a smaller update
      }
    }
    for (Entry e : chosen) {
      queue.remove(e);
      e.transmits++;
      if (e.transmits >= limit) {
        byKey.remove(e.gossip.key());
      } else {
        queue.add(e);
      }
    }
    return out;
  }
}
