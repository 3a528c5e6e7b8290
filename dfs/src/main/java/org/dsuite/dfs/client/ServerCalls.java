package org.dsuite.dfs.client;

import java.io.IOException;
import java.util.List;
import org.dsuite.dfs.rpc.Connection;
import org.dsuite.dfs.rpc.ConnectionPool;
import org.dsuite.dfs.rpc.Op;
import org.dsuite.dfs.rpc.Status;

/**
 * How the client talks to servers: one exchange on a pooled connection, retried on the other
 * configured servers (unavailable, busy or unreachable ones) until the client's deadline, with
 * answers mapped to {@link HydfsException} kinds.
 */
final class ServerCalls {
  private final ConnectionPool pool;
  private final ClientConfig config;
  private volatile int preferred;

  ServerCalls(ConnectionPool pool, ClientConfig config) {
    this.pool = pool;
    this.config = config;
  }

  interface Call {
    Connection.Reply run(String server) throws IOException;
  }

  interface Io {
    void accept(Connection c) throws IOException;
  }

  Connection.Reply simple(String server, Op op, Io body, Io onOk) throws IOException {
    Connection c = pool.get(server);
    try {
      c.begin(op);
      body.accept(c);
      Connection.Reply r = c.reply();
      if (r.ok()) {
        onOk.accept(c);
      }
      c.release();
      return r;
    } finally {
      c.close();
    }
  }

  /** Runs {@code call} on the servers in turn until it succeeds or fails for good. */
  Connection.Reply retry(String what, Call call) throws IOException {
    long deadline = System.currentTimeMillis() + config.deadlineMs();
    List<String> servers = config.servers();
    String last = "no server tried";
    while (true) {
      for (int i = 0; i < servers.size(); i++) {
        int idx = (preferred + i) % servers.size();
        String server = servers.get(idx);
        try {
          Connection.Reply r = call.run(server);
          if (r.status() == Status.UNAVAILABLE || r.status() == Status.BUSY) {
            last = server + ": " + r.message();
            continue;
          }
          preferred = idx;
          return check(r, what);
        } catch (HydfsException e) {
          throw e;
        } catch (IOException e) {
          last = server + ": " + e;
        }
      }
      if (System.currentTimeMillis() >= deadline) {
        throw new HydfsException(HydfsException.Kind.UNAVAILABLE, what + " failed: " + last);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HydfsException(HydfsException.Kind.IO, what + " interrupted");
      }
    }
  }

  static Connection.Reply check(Connection.Reply r, String what) throws HydfsException {
    return switch (r.status()) {
      case OK, DUPLICATE -> r;
      case NOT_FOUND -> throw new HydfsException(HydfsException.Kind.NOT_FOUND, r.message());
      case EXISTS -> throw new HydfsException(HydfsException.Kind.EXISTS, r.message());
      case GAP -> throw new HydfsException(HydfsException.Kind.UNAVAILABLE, "GAP: " + r.message());
      case TOO_LARGE -> throw new HydfsException(HydfsException.Kind.TOO_LARGE, r.message());
      case BAD_REQUEST -> throw new HydfsException(HydfsException.Kind.BAD_REQUEST, r.message());
      case CORRUPT -> throw new HydfsException(HydfsException.Kind.CORRUPT, r.message());
      default ->
          throw new HydfsException(
              HydfsException.Kind.UNAVAILABLE, what + ": " + r.status() + " " + r.message());
    };
  }
}
