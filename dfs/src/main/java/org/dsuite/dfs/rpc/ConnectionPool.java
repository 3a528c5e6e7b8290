package org.dsuite.dfs.rpc;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Idle connections per server address, reused for later requests (a new TCP connection per small
 * request would dominate the cost of a cache check). Connections idle longer than {@code maxIdleMs}
 * are closed instead of reused, below the server's own idle timeout.
 */
public final class ConnectionPool implements AutoCloseable {
  private final int connectTimeoutMs;
  private final int ioTimeoutMs;
  private final int maxIdleMs;
  private final int maxIdlePerAddress;
  private final LongSupplier nowMs;
  private final Map<String, Deque<Connection>> idle = new HashMap<>();

  public ConnectionPool(
      int connectTimeoutMs,
      int ioTimeoutMs,
      int maxIdleMs,
      int maxIdlePerAddress,
      LongSupplier nowMs) {
    this.connectTimeoutMs = connectTimeoutMs;
    this.ioTimeoutMs = ioTimeoutMs;
    this.maxIdleMs = maxIdleMs;
    this.maxIdlePerAddress = maxIdlePerAddress;
    this.nowMs = nowMs;
  }

  /** A connection to {@code address}, reused if one is idle. */
  public Connection get(String address) throws IOException {
    long now = nowMs.getAsLong();
    synchronized (this) {
      Deque<Connection> q = idle.get(address);
      while (q != null && !q.isEmpty()) {
        Connection c = q.pollLast();
        if (now - c.idleSinceMs < maxIdleMs) {
          c.reuse();
          return c;
        }
        c.closeSocket();
      }
    }
    return new Connection(this, address, connectTimeoutMs, ioTimeoutMs);
  }

  void giveBack(Connection c) {
    c.idleSinceMs = nowMs.getAsLong();
    synchronized (this) {
      Deque<Connection> q = idle.computeIfAbsent(c.address(), a -> new ArrayDeque<>());
      if (q.size() < maxIdlePerAddress) {
        q.addLast(c);
        return;
      }
    }
    c.closeSocket();
  }

  @Override
  public synchronized void close() {
    for (Deque<Connection> q : idle.values()) {
      for (Connection c : q) {
        c.closeSocket();
      }
    }
    idle.clear();
  }
}
