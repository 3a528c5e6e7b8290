package org.dsuite.rainstorm.engine.io;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dsuite.common.net.HostPort;
import org.dsuite.dfs.client.ClientConfig;
import org.dsuite.dfs.client.HydfsClient;

/**
 * {@link StreamFileSystem} over HyDFS ({@code hydfs://HOST:PORT/NAME}, {@link HydfsName}) through
 * the dfs client. A source downloads the file to a local temporary file and reads it line by line.
 *
 * <p>A sink buffers the lines written since its last flush and makes them durable with one HyDFS
 * append per flush (a returned append is durable on every live replica). HyDFS cannot truncate, so
 * a restarted sink cannot cut the file back to its logged length as on HDFS. Instead {@link
 * #reopenSink} reads the bytes past that length (batches the dead incarnation appended but never
 * logged as acknowledged): they are lines of outputs the restarted sink still holds as
 * unacknowledged and will write again, so it skips each such line once when it is written again.
 * The destination therefore holds every output line exactly once as a multiset (the order of lines
 * past the logged length may differ from a run without the crash).
 */
public final class HydfsStreamFileSystem implements StreamFileSystem {
  /** One client per (HyDFS node, deadline) per process: clients pool connections, thread-safe. */
  private static final Map<String, HydfsClient> CLIENTS = new ConcurrentHashMap<>();

  /** Read cache per client: destination tails are re-read while the job runs. */
  private static final long CACHE_BYTES = 16L << 20;

  /**
   * Workers' deadline for one HyDFS operation: the dfs client's default, longer than a write's wait
   * for swim to remove a dead replica.
   */
  public static final long WORKER_DEADLINE_MS = ClientConfig.defaults().deadlineMs();

  private final HostPort node;
  private final HydfsClient client;

  /**
   * @param deadlineMs how long one operation keeps retrying (the submitter uses a short one, so an
   *     unreachable node is reported quickly)
   */
  public HydfsStreamFileSystem(HostPort node, long deadlineMs) {
    this.node = node;
    this.client =
        CLIENTS.computeIfAbsent(
            node + "/" + deadlineMs,
            k ->
                new HydfsClient(
                    ClientConfig.of(List.of(node.toString()))
                        .withCacheBytes(CACHE_BYTES)
                        .withDeadlineMs(deadlineMs)));
  }

  private String key(String name) {
    HydfsName h = HydfsName.parse(name);
    if (!h.node().equals(node)) {
      throw new IllegalArgumentException(name + " is not on HyDFS node " + node);
    }
    return h.name();
  }

  @Override
  public boolean exists(String name) throws IOException {
    return client.exists(key(name));
  }

  /**
   * The dfs client has no range read, so a split downloads the whole file first (to a temporary
   * file, deleted on close) and then reads only its byte range of it.
   */
  @Override
  public LineReader openSplit(String name, int split, int splits) throws IOException {
    String key = key(name);
    if (!client.exists(key)) {
      throw new FileNotFoundException("source file " + name + " does not exist in HyDFS");
    }
    Path tmp = Files.createTempFile("rainstorm-hydfs-", ".src");
    try {
      client.get(key, tmp);
      java.io.InputStream deleting =
          new java.io.FilterInputStream(Files.newInputStream(tmp)) {
            @Override
            public void close() throws IOException {
              try {
                super.close();
              } finally {
                Files.deleteIfExists(tmp);
              }
            }
          };
      return new SplitLineReader(deleting, Files.size(tmp), split, splits, 1 << 16);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  @Override
  public LineReader openLines(String name) throws IOException {
    String key = key(name);
    if (!client.exists(key)) {
      throw new FileNotFoundException("source file " + name + " does not exist in HyDFS");
    }
    Path tmp = Files.createTempFile("rainstorm-hydfs-", ".src");
    try {
      client.get(key, tmp);
      ByteLineReader r = new ByteLineReader(Files.newInputStream(tmp), 1 << 16);
      return new LineReader() {
        @Override
        public String next() throws IOException {
          return r.next();
        }

        @Override
        public boolean skip() throws IOException {
          return r.skip();
        }

        @Override
        public long lineNumber() {
          return r.lineNumber();
        }

        @Override
        public void close() throws IOException {
          try {
            r.close();
          } finally {
            Files.deleteIfExists(tmp);
          }
        }
      };
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  @Override
  public byte[] read(String name, long offset, int maxBytes) throws IOException {
    byte[] all = client.read(key(name));
    if (offset >= all.length) {
      return new byte[0];
    }
    int from = (int) offset;
    return Arrays.copyOfRange(all, from, (int) Math.min(all.length, from + (long) maxBytes));
  }

  @Override
  public SinkFile createSink(String name) throws IOException {
    String key = key(name);
    if (client.exists(key)) {
      throw new FileAlreadyExistsException(name, null, "destination exists; choose another name");
    }
    client.create(key, new byte[0]);
    return new Sink(key, 0, Map.of());
  }

  @Override
  public SinkFile reopenSink(String name, long length) throws IOException {
    String key = key(name);
    if (!client.exists(key)) {
      if (length > 0) {
        throw new FileNotFoundException(
            "destination " + name + " vanished (expected " + length + " bytes)");
      }
      client.create(key, new byte[0]);
      return new Sink(key, 0, Map.of());
    }
    byte[] all = client.read(key);
    if (all.length < length) {
      throw new IOException(
          "destination "
              + name
              + " has "
              + all.length
              + " bytes, less than the "
              + length
              + " its sink acknowledged");
    }
    Map<String, Integer> unlogged = new HashMap<>();
    String tail = new String(all, (int) length, all.length - (int) length, StandardCharsets.UTF_8);
    int start = 0;
    for (int nl = tail.indexOf('\n'); nl >= 0; nl = tail.indexOf('\n', start)) {
      unlogged.merge(tail.substring(start, nl + 1), 1, Integer::sum);
      start = nl + 1;
    }
    if (start != tail.length()) {
      throw new IOException(
          "destination " + name + " ends in a partial line past its acknowledged length");
    }
    return new Sink(key, all.length, unlogged);
  }

  private final class Sink implements SinkFile {
    private final String key;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
    private final Map<String, Integer> unlogged; // lines already appended, to skip once each
    private long length;

    Sink(String key, long length, Map<String, Integer> unlogged) {
      this.key = key;
      this.length = length;
      this.unlogged = new HashMap<>(unlogged);
    }

    /**
     * Takes whole lines, one or many per call ({@code SinkWriter} writes a whole release at once):
     * each line is matched on its own against the lines the previous incarnation left past the
     * logged length.
     */
    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
      if (unlogged.isEmpty()) {
        buffer.write(bytes, off, len);
        return;
      }
      int end = off + len;
      for (int start = off; start < end; ) {
        int nl = start;
        while (nl < end && bytes[nl] != '\n') {
          nl++;
        }
        int next = Math.min(nl + 1, end);
        String line = new String(bytes, start, next - start, StandardCharsets.UTF_8);
        Integer n = unlogged.get(line);
        if (n == null) {
          buffer.write(bytes, start, next - start);
        } else if (n == 1) {
          unlogged.remove(line); // already in the file from the previous incarnation
        } else {
          unlogged.put(line, n - 1);
        }
        start = next;
      }
    }

    @Override
    public long flushDurable() throws IOException {
      if (buffer.size() > 0) {
        byte[] b = buffer.toByteArray();
        client.append(key, b);
        buffer.reset();
        length += b.length;
      }
      return length;
    }

    @Override
    public void close() throws IOException {
      flushDurable();
    }
  }
}
