package org.dsuite.dfs.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.dsuite.dfs.core.FileNames;
import org.dsuite.dfs.rpc.Connection;
import org.dsuite.dfs.rpc.ConnectionPool;
import org.dsuite.dfs.rpc.FrameInput;
import org.dsuite.dfs.rpc.Op;
import org.dsuite.dfs.rpc.Status;
import org.dsuite.dfs.rpc.Wire;

/**
 * The HyDFS client library: what the CLI, the node daemon and the RainStorm engine use.
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

  private final ClientConfig config;
  private final ConnectionPool pool;
  private final String clientId;
  private final LruByteCache cache;
  private final Map<String, WriterState> writers = new ConcurrentHashMap<>();
  private final AtomicLong writerCounter = new AtomicLong();
  private final ServerCalls calls;

  public HydfsClient(ClientConfig config) {
    this.config = config;
    this.pool =
        new ConnectionPool(
            config.connectTimeoutMs(), config.ioTimeoutMs(), 10_000, 8, System::currentTimeMillis);
    this.clientId = UUID.randomUUID().toString();
    this.cache = new LruByteCache(config.cacheBytes());
    this.calls = new ServerCalls(pool, config);
  }

  /** This client's ID (appends carry it, with a per-file writer suffix). */
  public String clientId() {
    return clientId;
  }

  public LruByteCache cache() {
    return cache;
  }

  private String freshWriterId() {
    return clientId + ":" + writerCounter.incrementAndGet();
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
    FileNames.validate(name);
    String createId = freshWriterId();
    retry(
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

  /** Appends a local file's content to {@code name}. */
  public void append(String name, Path local) throws IOException {
    append(name, Source.of(local), Progress.NONE);
  }

  public void append(String name, byte[] data) throws IOException {
    append(name, Source.of(data), Progress.NONE);
  }

  public void append(String name, Source data, Progress progress) throws IOException {
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

  private void appendOnce(String name, WriterState w, Source data, Progress progress)
      throws IOException {
    String writer = w.writerId;
    long seq = w.nextSeq;
    retry(
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
  private Connection.Reply finishWrite(Connection c, Source data, Progress progress)
      throws IOException {
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

  // ---- reads ----

  /** Copies {@code name} to a local file; returns its size. */
  public long get(String name, Path local) throws IOException {
    return get(name, local, Progress.NONE);
  }

  public long get(String name, Path local, Progress progress) throws IOException {
    return readInto(name, null, local, progress);
  }

  /** The whole content of {@code name} in memory (served from the cache when still current). */
  public byte[] read(String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    readTo(name, null, out);
    return out.toByteArray();
  }

  /**
   * Streams {@code name} into {@code out} without holding it in memory (files larger than the cache
   * are not cached); returns the number of bytes. A transfer that breaks after some bytes were
   * written is not retried (the caller's stream cannot be rewound): it fails with kind IO.
   */
  public long read(String name, OutputStream out) throws IOException {
    return readTo(name, null, out, Progress.NONE);
  }

  /** Reads {@code name} from one particular server's own copy (getfromreplica). */
  public long getFromReplica(String server, String name, Path local) throws IOException {
    return readInto(name, server, local, Progress.NONE);
  }

  private long readInto(String name, String onlyServer, Path local, Progress progress)
      throws IOException {
    Path tmp = local.resolveSibling(local.getFileName() + ".hydfs-part");
    try {
      long n;
      try (OutputStream out = Files.newOutputStream(tmp)) {
        n = readTo(name, onlyServer, out, progress);
      }
      Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING);
      return n;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private long readTo(String name, String onlyServer, OutputStream out) throws IOException {
    return readTo(name, onlyServer, out, Progress.NONE);
  }

  private long readTo(String name, String onlyServer, OutputStream sink, Progress progress)
      throws IOException {
    FileNames.validate(name);
    WriterState w = writers.get(name);
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
    boolean useCache = onlyServer == null && cache.capacityBytes() > 0;
    LruByteCache.Entry cached = useCache ? cache.get(name) : null;
    long[] result = new long[1];
    ServerCall call =
        server -> {
          Connection c = pool.get(server);
          try {
            c.begin(Op.GET);
            Wire.writeString(c.out, name);
            Wire.writeString(c.out, writer);
            c.out.writeLong(minSeq);
            c.out.writeLong(cached == null ? 0 : cached.version());
            c.out.writeBoolean(onlyServer != null);
            Connection.Reply r = c.reply();
            if (r.status() == Status.NOT_MODIFIED) {
              c.in.readLong();
              c.release();
              cache.countHit(true);
              sink.write(cached.data());
              result[0] = cached.data().length;
              return new Connection.Reply(Status.OK, "");
            }
            if (r.status() != Status.OK) {
              c.release();
              return r;
            }
            long version = c.in.readLong();
            long length = c.in.readLong();
            boolean keep = useCache && length <= cache.capacityBytes();
            ByteArrayOutputStream copy = keep ? new ByteArrayOutputStream((int) length) : null;
            FrameInput in = new FrameInput(c.in, Wire.MAX_FRAME_BYTES, Long.MAX_VALUE);
            byte[] buf = new byte[1 << 16];
            long done = 0;
            int n;
            try {
              while ((n = in.read(buf, 0, buf.length)) >= 0) {
                sink.write(buf, 0, n);
                if (copy != null) {
                  copy.write(buf, 0, n);
                }
                done += n;
                progress.update(done, length);
              }
            } catch (IOException e) {
              if (done == 0) {
                throw e;
              }
              // Part of the content is already out: a retry elsewhere would duplicate it.
              throw new HydfsException(
                  HydfsException.Kind.IO,
                  "transfer of " + name + " broke after " + done + " bytes",
                  e);
            }
            c.release();
            if (useCache) {
              cache.countHit(false);
            }
            if (copy != null) {
              cache.put(name, version, copy.toByteArray());
            }
            result[0] = done;
            return new Connection.Reply(Status.OK, "");
          } finally {
            c.close();
          }
        };
    if (onlyServer != null) {
      check(call.run(onlyServer), "get " + name + " from " + onlyServer);
    } else {
      retry("get " + name, call);
    }
    return result[0];
  }

  // ---- listings and management ----

  public Listings.FileLocation ls(String name) throws IOException {
    FileNames.validate(name);
    Listings.FileLocation[] out = new Listings.FileLocation[1];
    retry(
        "ls " + name,
        server ->
            simple(
                server,
                Op.LS,
                c -> Wire.writeString(c.out, name),
                c -> {
                  String fileId = Wire.readString(c.in);
                  int n = c.in.readInt();
                  List<Listings.Replica> reps = new ArrayList<>();
                  for (int i = 0; i < n; i++) {
                    reps.add(
                        new Listings.Replica(
                            Wire.readString(c.in),
                            Wire.readString(c.in),
                            Wire.readString(c.in),
                            Wire.readString(c.in)));
                  }
                  out[0] = new Listings.FileLocation(name, fileId, reps);
                }));
    return out[0];
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
    Listings.StoreListing[] out = new Listings.StoreListing[1];
    String target = server == null ? config.servers().get(0) : server;
    check(
        simple(
            target,
            Op.STORE,
            c -> {},
            c -> {
              String member = Wire.readString(c.in);
              String ringId = Wire.readString(c.in);
              int n = c.in.readInt();
              List<Listings.StoredFile> files = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                files.add(
                    new Listings.StoredFile(
                        Wire.readString(c.in),
                        Wire.readString(c.in),
                        c.in.readLong(),
                        c.in.readLong()));
              }
              out[0] = new Listings.StoreListing(member, ringId, files);
            }),
        "store on " + target);
    return out[0];
  }

  /** Ring members sorted by ring ID, as the server sees them. */
  public List<Listings.Member> members() throws IOException {
    List<Listings.Member> out = new ArrayList<>();
    retry(
        "list_mem_ids",
        server ->
            simple(
                server,
                Op.MEMBERS,
                c -> {},
                c -> {
                  out.clear();
                  int n = c.in.readInt();
                  for (int i = 0; i < n; i++) {
                    out.add(
                        new Listings.Member(
                            Wire.readString(c.in), Wire.readString(c.in), Wire.readString(c.in)));
                  }
                }));
    return out;
  }

  /** Makes all replicas of {@code name} byte-identical; returns the server's summary. */
  public String merge(String name) throws IOException {
    FileNames.validate(name);
    Connection.Reply r =
        retry(
            "merge " + name,
            server -> simple(server, Op.MERGE, c -> Wire.writeString(c.out, name), c -> {}));
    cache.remove(name);
    return r.message();
  }

  /** Deletes {@code name} on all replicas. */
  public void delete(String name) throws IOException {
    FileNames.validate(name);
    retry(
        "rm " + name,
        server -> simple(server, Op.DELETE, c -> Wire.writeString(c.out, name), c -> {}));
    cache.remove(name);
    writers.remove(name);
  }

  /**
   * Asks {@code server} to append its local file {@code localPath} (relative to its {@code
   * dfs.local-dir}) to {@code name}, as its own client: one leg of {@code multiappend}.
   */
  public void appendFromNode(String server, String name, String localPath) throws IOException {
    FileNames.validate(name);
    check(
        simple(
            server,
            Op.APPEND_LOCAL,
            c -> {
              Wire.writeString(c.out, name);
              Wire.writeString(c.out, localPath);
            },
            c -> {}),
        "append on " + server);
  }

  // ---- plumbing (see ServerCalls) ----

  private interface ServerCall extends ServerCalls.Call {}

  private Connection.Reply simple(String server, Op op, ServerCalls.Io body, ServerCalls.Io onOk)
      throws IOException {
    return calls.simple(server, op, body, onOk);
  }

  private Connection.Reply retry(String what, ServerCalls.Call call) throws IOException {
    return calls.retry(what, call);
  }

  private static Connection.Reply check(Connection.Reply r, String what) throws HydfsException {
    return ServerCalls.check(r, what);
  }

  @Override
  public void close() {
    pool.close();
  }
}
