package org.dsuite.dfs.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.dsuite.dfs.core.FileNames;
import org.dsuite.dfs.rpc.Connection;
import org.dsuite.dfs.rpc.ConnectionPool;
import org.dsuite.dfs.rpc.FrameInput;
import org.dsuite.dfs.rpc.Op;
import org.dsuite.dfs.rpc.ProtocolException;
import org.dsuite.dfs.rpc.Range;
import org.dsuite.dfs.rpc.Status;
import org.dsuite.dfs.rpc.Wire;

/**
 * The client's reads. Every read names this client's last acknowledged append to the file (the
 * server answers only from a replica that holds it: read-your-writes) and the version of the cached
 * copy, if any (the server answers NOT_MODIFIED without data when it is still current).
 */
final class ClientReads {
  /**
   * Largest read from the socket at once. 64 KB stays in the CPU's cache between the socket copy
   * and the file write; 1 MB did not, and cut a 1 GB get on a quiet machine from ~1,400 to ~300
   * MB/s.
   */
  private static final int RECEIVE_BUFFER_BYTES = 1 << 16;

  /** A Java array holds at most this many bytes; larger files are never cached. */
  private static final long MAX_CACHED_ARRAY = Integer.MAX_VALUE - 64;

  private final ConnectionPool pool;
  private final ServerCalls calls;
  private final LruByteCache cache;
  private final ClientWrites writes;

  ClientReads(ConnectionPool pool, ServerCalls calls, LruByteCache cache, ClientWrites writes) {
    this.pool = pool;
    this.calls = calls;
    this.cache = cache;
    this.writes = writes;
  }

  /** Reads into a temporary sibling of {@code local}, then renames it into place. */
  long readInto(String name, String onlyServer, Path local, HydfsClient.Progress progress)
      throws IOException {
    Path tmp = local.resolveSibling(local.getFileName() + ".hydfs-part");
    try {
      long n;
      try (OutputStream out = Files.newOutputStream(tmp)) {
        n = readTo(name, onlyServer, Range.WHOLE, out, progress).bytes();
      }
      Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING);
      return n;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Streams {@code range} of {@code name} (from {@code onlyServer}'s own copy if not null) into
   * {@code sink}. Only whole-file reads use the cache.
   */
  HydfsClient.ReadResult readTo(
      String name, String onlyServer, Range range, OutputStream sink, HydfsClient.Progress progress)
      throws IOException {
    FileNames.validate(name);
    WriterState w = writes.writer(name);
    String writer;
    long minSeq;
    if (w == null) {
      writer = "";
      minSeq = 0;
    } else {
      synchronized (w) {
        writer = w.ackedWriter;
        minSeq = w.ackedSeq;
      }
    }
    boolean useCache = onlyServer == null && range.whole() && cache.capacityBytes() > 0;
    LruByteCache.Entry cached = useCache ? cache.get(name) : null;
    HydfsClient.ReadResult[] result = new HydfsClient.ReadResult[1];
    ServerCalls.Call call =
        server -> {
          Connection c = pool.get(server);
          try {
            c.begin(Op.GET);
            Wire.writeString(c.out, name);
            Wire.writeString(c.out, writer);
            c.out.writeLong(minSeq);
            c.out.writeLong(cached == null ? 0 : cached.version());
            c.out.writeBoolean(onlyServer != null);
            range.write(c.out);
            Connection.Reply r = c.reply();
            if (r.status() == Status.NOT_MODIFIED) {
              long version = c.in.readLong();
              c.release();
              cache.countHit(true);
              sink.write(cached.data());
              int n = cached.data().length;
              result[0] = new HydfsClient.ReadResult(n, n, version);
              return new Connection.Reply(Status.OK, "");
            }
            if (r.status() != Status.OK) {
              c.release();
              return r;
            }
            result[0] = receive(c, name, range, sink, progress, useCache);
            return new Connection.Reply(Status.OK, "");
          } finally {
            c.close();
          }
        };
    if (onlyServer != null) {
      ServerCalls.check(call.run(onlyServer), "get " + name + " from " + onlyServer);
    } else {
      calls.retry("get " + name, call);
    }
    return result[0];
  }

  /**
   * Receives the content after an OK, caching it if it fits. A file that will be cached is read
   * straight into the array the cache keeps (one allocation, no intermediate copy): copying it
   * through a growing buffer cost a 10 MB get about a third of its time.
   */
  private HydfsClient.ReadResult receive(
      Connection c,
      String name,
      Range range,
      OutputStream sink,
      HydfsClient.Progress progress,
      boolean useCache)
      throws IOException {
    long version = c.in.readLong();
    long fileSize = c.in.readLong();
    long length = c.in.readLong();
    if (length < 0 || fileSize < length || length > range.maxBytes()) {
      throw new HydfsException(
          HydfsException.Kind.IO,
          "server announced " + length + " bytes of a " + fileSize + "-byte file");
    }
    boolean keep = useCache && length <= cache.capacityBytes() && length <= MAX_CACHED_ARRAY;
    byte[] kept = keep ? new byte[(int) length] : null;
    // The stream may not exceed the announced length (FrameInput enforces it) nor fall short.
    FrameInput in = new FrameInput(c.in, Wire.MAX_FRAME_BYTES, length);
    // Small files get a small buffer: allocating 1 MB for a 4 KB read would cost more than it.
    byte[] buf =
        new byte[kept != null ? 1 : (int) Math.max(1, Math.min(RECEIVE_BUFFER_BYTES, length))];
    long done = 0;
    try {
      while (true) {
        byte[] into = buf;
        int off = 0;
        int len = buf.length;
        if (kept != null && done < length) {
          into = kept;
          off = (int) done;
          len = (int) Math.min(RECEIVE_BUFFER_BYTES, length - done);
        }
        int n = in.read(into, off, len);
        if (n < 0) {
          break;
        }
        sink.write(into, off, n);
        done += n;
        progress.update(done, length);
      }
      if (done != length) {
        throw new ProtocolException(
            "server sent " + done + " of the announced " + length + " bytes");
      }
    } catch (IOException e) {
      if (done == 0) {
        throw e;
      }
      // Part of the content is already out: a retry elsewhere would duplicate it.
      throw new HydfsException(
          HydfsException.Kind.IO, "transfer of " + name + " broke after " + done + " bytes", e);
    }
    c.release();
    if (useCache) {
      cache.countHit(false);
    }
    if (kept != null) {
      cache.put(name, version, kept);
    }
    return new HydfsClient.ReadResult(done, fileSize, version);
  }
}
