package org.dsuite.dfs.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.dsuite.dfs.core.FileNames;
import org.dsuite.dfs.rpc.Connection;
import org.dsuite.dfs.rpc.ConnectionPool;
import org.dsuite.dfs.rpc.Op;
import org.dsuite.dfs.rpc.Status;
import org.dsuite.dfs.rpc.Wire;

/**
 * The client's create and append: each write is identified by this client's writer ID and sequence
 * number per file, so a write retried on another server is applied at most once, and a failed
 * append moves the file to a fresh writer ID (see {@link WriterState}). Appends to one file from
 * this client are serialised, which keeps them in the order the caller made them.
 */
final class ClientWrites {
  private final ClientConfig config;
  private final ConnectionPool pool;
  private final ServerCalls calls;
  private final LruByteCache cache;
  private final String clientId = UUID.randomUUID().toString();
  private final Map<String, WriterState> writers = new ConcurrentHashMap<>();
  private final AtomicLong writerCounter = new AtomicLong();

  ClientWrites(ClientConfig config, ConnectionPool pool, ServerCalls calls, LruByteCache cache) {
    this.config = config;
    this.pool = pool;
    this.calls = calls;
    this.cache = cache;
  }

  String clientId() {
    return clientId;
  }

  private String freshWriterId() {
    return clientId + ":" + writerCounter.incrementAndGet();
  }

  /** This client's state for {@code name}, or null if it never wrote it. */
  WriterState writer(String name) {
    return writers.get(name);
  }

  void forget(String name) {
    writers.remove(name);
  }

  void create(String name, HydfsClient.Source data, HydfsClient.Progress progress)
      throws IOException {
    FileNames.validate(name);
    String createId = freshWriterId();
    calls.retry(
        "create " + name,
        server -> {
          Connection c = pool.get(server);
          try {
            c.begin(Op.CREATE);
            Wire.writeString(c.out, name);
            Wire.writeString(c.out, createId);
            return finishWrite(c, data, progress);
          } finally {
            c.close();
          }
        });
    writers.put(name, new WriterState(freshWriterId()));
    cache.remove(name);
  }

  void append(String name, HydfsClient.Source data, HydfsClient.Progress progress)
      throws IOException {
    FileNames.validate(name);
    WriterState w = writers.computeIfAbsent(name, n -> new WriterState(freshWriterId()));
    synchronized (w) {
      cache.remove(name);
      try {
        appendOnce(name, w, data, progress);
      } catch (HydfsException e) {
        if (!e.getMessage().startsWith("GAP")) {
          w.restart(freshWriterId());
          throw e;
        }
        // None of the replicas has this writer's previous append (the file was re-created
        // meanwhile): continue as a new writer.
        w.restart(freshWriterId());
        appendOnce(name, w, data, progress);
      } catch (IOException e) {
        w.restart(freshWriterId());
        throw e;
      } finally {
        cache.remove(name);
      }
    }
  }

  private void appendOnce(
      String name, WriterState w, HydfsClient.Source data, HydfsClient.Progress progress)
      throws IOException {
    String writer = w.writerId;
    long seq = w.nextSeq;
    calls.retry(
        "append to " + name,
        server -> {
          Connection c = pool.get(server);
          try {
            c.begin(Op.APPEND);
            Wire.writeString(c.out, name);
            Wire.writeString(c.out, writer);
            c.out.writeLong(seq);
            return finishWrite(c, data, progress);
          } finally {
            c.close();
          }
        });
    w.acked();
  }

  /** After a write header: READY -> send data -> final status. */
  private Connection.Reply finishWrite(
      Connection c, HydfsClient.Source data, HydfsClient.Progress progress) throws IOException {
    Connection.Reply first = c.reply();
    if (first.status() != Status.READY) {
      c.release();
      return first;
    }
    long total = data.length();
    byte[] buf = new byte[config.chunkBytes()];
    long done = 0;
    try (InputStream in = data.open()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (n > 0) {
          c.out.writeInt(n);
          c.out.write(buf, 0, n);
          done += n;
          progress.update(done, total);
        }
      }
    }
    c.out.writeInt(0);
    Connection.Reply r = c.reply();
    c.release();
    return r;
  }
}
