package org.dsuite.dfs.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dsuite.dfs.rpc.ConnectionPool;
import org.dsuite.dfs.rpc.Range;

/**
 * The HyDFS client library: what the CLI, the node daemon and the RainStorm engine use. This class
 * is the API; the work is done by {@link ClientWrites}, {@link ClientReads} and {@link
 * ClientAdmin}, which share one connection pool, one {@link ServerCalls} retry policy and the
 * cache.
 *
 * <p>Guarantees: a {@code create} or {@code append} that returns normally is durable on every live
 * replica; this client's appends to a file appear in the order it made them, each once even though
 * the client retries across servers; a read after this client's append returns the appended data;
 * cached reads are revalidated by content version on every call. Operations retry on other servers
 * until {@link ClientConfig#deadlineMs()}. Thread-safe; appends to one file from one client are
 * serialised.
 */
public final class HydfsClient implements AutoCloseable {
  /** Re-openable data to upload (a retry re-sends from the start). */
  public interface Source {
    InputStream open() throws IOException;

    /** Length in bytes, or -1 if unknown (for the progress display only). */
    long length();

    static Source of(byte[] data) {
      return new Source() {
        @Override
        public InputStream open() {
          return new ByteArrayInputStream(data);
        }

        @Override
        public long length() {
          return data.length;
        }
      };
    }

    static Source of(Path file) {
      return new Source() {
        @Override
        public InputStream open() throws IOException {
          return Files.newInputStream(file);
        }

        @Override
        public long length() {
          try {
            return Files.size(file);
          } catch (IOException e) {
            return -1;
          }
        }
      };
    }
  }

  /** Transfer progress callback: bytes done of total (-1 if unknown). */
  @FunctionalInterface
  public interface Progress {
    void update(long doneBytes, long totalBytes);

    Progress NONE = (d, t) -> {};
  }

  private final ConnectionPool pool;
  private final LruByteCache cache;
  private final ClientWrites writes;
  private final ClientReads reads;
  private final ClientAdmin admin;

  public HydfsClient(ClientConfig config) {
    this.pool =
        new ConnectionPool(
            config.connectTimeoutMs(), config.ioTimeoutMs(), 10_000, 8, System::currentTimeMillis);
    this.cache = new LruByteCache(config.cacheBytes());
    ServerCalls calls = new ServerCalls(pool, config);
    this.writes = new ClientWrites(config, pool, calls, cache);
    this.reads = new ClientReads(pool, calls, cache, writes);
    this.admin = new ClientAdmin(config, calls);
  }

  /** This client's ID (appends carry it, with a per-file writer suffix). */
  public String clientId() {
    return writes.clientId();
  }

  public LruByteCache cache() {
    return cache;
  }

  // ---- writes ----

  /** Creates {@code name} with the content of a local file; fails with EXISTS if it exists. */
  public void create(String name, Path local) throws IOException {
    create(name, Source.of(local), Progress.NONE);
  }

  public void create(String name, byte[] data) throws IOException {
    create(name, Source.of(data), Progress.NONE);
  }

  public void create(String name, Source data, Progress progress) throws IOException {
    writes.create(name, data, progress);
  }

  /** Appends a local file's content to {@code name}. */
  public void append(String name, Path local) throws IOException {
    append(name, Source.of(local), Progress.NONE);
  }

  public void append(String name, byte[] data) throws IOException {
    append(name, Source.of(data), Progress.NONE);
  }

  public void append(String name, Source data, Progress progress) throws IOException {
    writes.append(name, data, progress);
  }

  // ---- reads ----

  /** Copies {@code name} to a local file; returns its size. */
  public long get(String name, Path local) throws IOException {
    return get(name, local, Progress.NONE);
  }

  public long get(String name, Path local, Progress progress) throws IOException {
    return reads.readInto(name, null, local, progress);
  }

  /** The whole content of {@code name} in memory (served from the cache when still current). */
  public byte[] read(String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    reads.readTo(name, null, Range.WHOLE, out, Progress.NONE);
    return out.toByteArray();
  }

  /**
   * Streams {@code name} into {@code out} without holding it in memory (files larger than the cache
   * are not cached); returns the number of bytes. A transfer that breaks after some bytes were
   * written is not retried (the caller's stream cannot be rewound): it fails with kind IO.
   */
  public long read(String name, OutputStream out) throws IOException {
    return reads.readTo(name, null, Range.WHOLE, out, Progress.NONE).bytes();
  }

  /** What a read returned: its bytes, and the whole file's size and version when it was served. */
  public record ReadResult(long bytes, long fileSize, long version) {}

  /**
   * Streams up to {@code maxBytes} of {@code name} from byte {@code offset} into {@code out}, from
   * one replica (verified like any read, read-your-writes like any read). A range past the end
   * reads nothing; {@link ReadResult#fileSize} says where the end was, so a reader can follow a
   * growing file. Range reads bypass the cache.
   *
   * @throws IllegalArgumentException if {@code offset} or {@code maxBytes} is negative
   */
  public ReadResult read(String name, long offset, long maxBytes, OutputStream out)
      throws IOException {
    return reads.readTo(name, null, new Range(offset, maxBytes), out, Progress.NONE);
  }

  /** Reads {@code name} from one particular server's own copy (getfromreplica). */
  public long getFromReplica(String server, String name, Path local) throws IOException {
    return reads.readInto(name, server, local, Progress.NONE);
  }

  // ---- listings and management ----

  public Listings.FileLocation ls(String name) throws IOException {
    return admin.ls(name);
  }

  /** True if some replica of {@code name} holds it. */
  public boolean exists(String name) throws IOException {
    for (Listings.Replica r : ls(name).replicas()) {
      if (r.status().startsWith("holds")) {
        return true;
      }
    }
    return false;
  }

  /** What {@code server} holds (the first configured server if null). */
  public Listings.StoreListing store(String server) throws IOException {
    return admin.store(server);
  }

  /** Ring members sorted by ring ID, as the server sees them. */
  public List<Listings.Member> members() throws IOException {
    return admin.members();
  }

  /** Makes all replicas of {@code name} byte-identical; returns the server's summary. */
  public String merge(String name) throws IOException {
    String summary = admin.merge(name);
    cache.remove(name);
    return summary;
  }

  /** Deletes {@code name} on all replicas. */
  public void delete(String name) throws IOException {
    admin.delete(name);
    cache.remove(name);
    writes.forget(name);
  }

  /**
   * Asks {@code server} to append its local file {@code localPath} (relative to its {@code
   * dfs.local-dir}) to {@code name}, as its own client: one leg of {@code multiappend}.
   */
  public void appendFromNode(String server, String name, String localPath) throws IOException {
    admin.appendFromNode(server, name, localPath);
  }

  @Override
  public void close() {
    pool.close();
  }
}
