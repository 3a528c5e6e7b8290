package org.dsuite.dfs.client;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * File contents by name, least recently used evicted first, bounded by total bytes. Each entry
 * remembers the content version it was read at; the client revalidates with the server on every
 * read (a NOT_MODIFIED answer costs no data).
 */
public final class LruByteCache {
  /** A cached file. */
  public record Entry(long version, byte[] data) {}

  private final long capacityBytes;
  private final LinkedHashMap<String, Entry> map = new LinkedHashMap<>(16, 0.75f, true);
  private long usedBytes;
  private long hits;
  private long misses;

  public LruByteCache(long capacityBytes) {
    this.capacityBytes = capacityBytes;
  }

  public synchronized Entry get(String name) {
    return map.get(name);
  }

  public synchronized void put(String name, long version, byte[] data) {
    remove(name);
    if (data.length > capacityBytes) {
      return;
    }
    map.put(name, new Entry(version, data));
    usedBytes += data.length;
    Iterator<Map.Entry<String, Entry>> it = map.entrySet().iterator();
    while (usedBytes > capacityBytes && it.hasNext()) {
      Map.Entry<String, Entry> eldest = it.next();
      usedBytes -= eldest.getValue().data().length;
      it.remove();
    }
  }

  public synchronized void remove(String name) {
    Entry e = map.remove(name);
    if (e != null) {
      usedBytes -= e.data().length;
    }
  }

  synchronized void countHit(boolean hit) {
    if (hit) {
      hits++;
    } else {
      misses++;
    }
  }

  public synchronized long usedBytes() {
    return usedBytes;
  }

  public long capacityBytes() {
    return capacityBytes;
  }

  public synchronized long hits() {
    return hits;
  }

  public synchronized long misses() {
    return misses;
  }
}
