package org.dsuite.rainstorm.engine.io;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dsuite.common.net.HostPort;
import org.dsuite.dfs.client.ClientConfig;
import org.dsuite.dfs.client.HydfsClient;

/**
 * {@link StreamFileSystem} over HyDFS ({@code hydfs://HOST:PORT/NAME}, {@link HydfsName}) through
 * the dfs client. A source reads the file in range reads as it goes ({@link HydfsRangeInput}).
 *
 * <p>A sink buffers the lines written since its last flush and makes them durable with one HyDFS
 * append per flush (a returned append is durable on every live replica). HyDFS cannot truncate, so
 * a restarted sink keeps what is past its logged length (batches the dead incarnation appended but
 * never logged as acknowledged) and skips each of those lines once when it writes it again ({@link
 * TailLines}, as the HDFS sink does to avoid a truncate). The destination therefore holds every
 * output line exactly once as a multiset (the order of lines past the logged length may differ from
 * a run without the crash).
 */
public final class HydfsStreamFileSystem implements StreamFileSystem {
  /** One client per (HyDFS node, deadline) per process: clients pool connections, thread-safe. */
  private static final Map<String, HydfsClient> CLIENTS = new ConcurrentHashMap<>();

  /** Read cache per client (whole-file reads only; sources and tails use range reads). */
  private static final long CACHE_BYTES = 16L << 20;

  /** Largest range read of a source: amortises a round trip, small in memory. */
  static final int SOURCE_CHUNK_BYTES = 4 << 20;

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
   * Reads the split through range reads ({@link HydfsRangeInput}): the bytes before its range
   * (counted for global line numbers) and its own, never those after its last line.
   */
  @Override
  public LineReader openSplit(String name, int split, int splits) throws IOException {
    HydfsRangeInput in = new HydfsRangeInput(client, key(name), SOURCE_CHUNK_BYTES);
    return new SplitLineReader(in, in.length(), split, splits, 1 << 16);
  }

  /** Reads the file front to back in range reads; a header read fetches one 64 KB chunk. */
  @Override
  public LineReader openLines(String name) throws IOException {
    return new ByteLineReader(new HydfsRangeInput(client, key(name), SOURCE_CHUNK_BYTES), 1 << 16);
  }

  @Override
  public byte[] read(String name, long offset, int maxBytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 1 << 16));
    client.read(key(name), offset, maxBytes, out);
    return out.toByteArray();
  }

  @Override
  public SinkFile createSink(String name) throws IOException {
    String key = key(name);
    if (client.exists(key)) {
      throw new FileAlreadyExistsException(name, null, "destination exists; choose another name");
    }
    client.create(key, new byte[0]);
    return new Sink(key, 0, TailLines.none());
  }

  @Override
  public SinkFile reopenSink(String name, long length, TailLines rewrites) throws IOException {
    String key = key(name);
    if (!client.exists(key)) {
      if (length > 0) {
        throw new FileNotFoundException(
            "destination " + name + " vanished (expected " + length + " bytes)");
      }
      client.create(key, new byte[0]);
      return new Sink(key, 0, TailLines.none());
    }
    ByteArrayOutputStream past = new ByteArrayOutputStream();
    long size = client.read(key, length, Long.MAX_VALUE, past).fileSize();
    if (size < length) {
      throw new IOException(
          "destination "
              + name
              + " has "
              + size
              + " bytes, less than the "
              + length
              + " its sink acknowledged");
    }
    TailLines tail = TailLines.parse(past.toByteArray());
    if (tail == null) {
      throw new IOException(
          "destination " + name + " ends in a partial line past its acknowledged length");
    }
    if (!tail.coveredBy(rewrites)) {
      // Cannot happen while the sink's invariant holds; if it ever does (say an append from an
      // unfenced old incarnation), HyDFS cannot cut the tail off, so every restart of this sink
      // fails here and the job fails rather than write duplicates.
      throw new IOException(
          "destination "
              + name
              + " holds lines past its acknowledged length that its sink's log does not");
    }
    return new Sink(key, length + past.size(), tail);
  }

  /** HyDFS appends are whole flushes of whole lines, so there is no torn line to cut. */
  @Override
  public SinkFile reopenSinkKeepingAll(String name) throws IOException {
    String key = key(name);
    if (!client.exists(key)) {
      client.create(key, new byte[0]);
      return new Sink(key, 0, TailLines.none());
    }
    ByteArrayOutputStream none = new ByteArrayOutputStream();
    long size = client.read(key, 0, 0, none).fileSize();
    return new Sink(key, size, TailLines.none());
  }

  private final class Sink implements SinkFile {
    private final String key;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 16);
    private final TailLines skip; // the dead sink's tail lines, each left out once when rewritten
    private long length;

    Sink(String key, long length, TailLines skip) {
      this.key = key;
      this.length = length;
      this.skip = skip;
    }

    /**
     * Takes whole lines, one or many per call ({@code SinkWriter} writes a whole release at once):
     * each line is matched on its own against the lines the previous incarnation left past the
     * logged length.
     */
    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
      skip.filter(bytes, off, len, buffer::write);
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
