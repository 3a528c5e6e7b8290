package org.dsuite.grep.server;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queries being scanned, so one timer can send HEARTBEAT frames on connections that have been quiet
 * (a scan with no matches yet): the client's read timeout then means "hung", never "slow".
 */
final class ActiveQueries {
  /** One registered query. */
  static final class Entry {
    private final FrameWriter writer;

    Entry(FrameWriter writer) {
      this.writer = writer;
    }
  }

  private final Set<Entry> entries = ConcurrentHashMap.newKeySet();

  Entry add(FrameWriter writer) {
    Entry e = new Entry(writer);
    entries.add(e);
    return e;
  }

  void remove(Entry e) {
    entries.remove(e);
  }

  int size() {
    return entries.size();
  }

  /** Sends a heartbeat on every connection quiet for at least {@code quietNanos}. */
  void heartbeat(long quietNanos) {
    for (Entry e : entries) {
      try {
        e.writer.heartbeatIfQuiet(quietNanos);
      } catch (IOException ignored) {
        // The scan thread sees the same broken connection on its next write and stops.
      }
    }
  }
}
