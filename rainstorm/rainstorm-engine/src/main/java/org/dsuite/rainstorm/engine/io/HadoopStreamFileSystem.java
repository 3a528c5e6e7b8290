package org.dsuite.rainstorm.engine.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileAlreadyExistsException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link StreamFileSystem} over a Hadoop {@link FileSystem}: {@code hdfs://} (durable = hflush on
 * every DataNode of the pipeline) or a raw local file system (durable = hsync, i.e. fsync). Use the
 * raw local file system, not the checksummed one: its side {@code .crc} files do not survive
 * truncation.
 */
public final class HadoopStreamFileSystem implements StreamFileSystem {
  private static final Logger log = LoggerFactory.getLogger(HadoopStreamFileSystem.class);

  /**
   * A dead sink's tail past its logged length is at most what its unacknowledged outputs hold (the
   * task's bounded output buffer); a larger one is cut back instead of being read into memory.
   */
  private static final long MAX_KEPT_TAIL_BYTES = 64L << 20;

  private final FileSystem fs;
  private final long leaseRecoveryTimeoutMs;

  public HadoopStreamFileSystem(FileSystem fs, long leaseRecoveryTimeoutMs) {
    if (leaseRecoveryTimeoutMs < 1) {
      throw new IllegalArgumentException("leaseRecoveryTimeoutMs must be >= 1");
    }
    this.fs = fs;
    this.leaseRecoveryTimeoutMs = leaseRecoveryTimeoutMs;
  }

  private Path path(String name) {
    return new Path(name);
  }

  @Override
  public boolean exists(String name) throws IOException {
    return fs.exists(path(name));
  }

  @Override
  public LineReader openLines(String name) throws IOException {
    Path p = path(name);
    if (!fs.exists(p)) {
      throw new FileNotFoundException("source file " + name + " does not exist");
    }
    return new ByteLineReader(fs.open(p), 1 << 16);
  }

  @Override
  public LineReader openSplit(String name, int split, int splits) throws IOException {
    Path p = path(name);
    org.apache.hadoop.fs.FileStatus st;
    try {
      st = fs.getFileStatus(p);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException("source file " + name + " does not exist");
    }
    return new SplitLineReader(fs.open(p), st.getLen(), split, splits, 1 << 16);
  }

  @Override
  public byte[] read(String name, long offset, int maxBytes) throws IOException {
    if (offset < 0 || maxBytes < 0) {
      throw new IllegalArgumentException("offset and maxBytes must be >= 0");
    }
    byte[] buf = new byte[maxBytes];
    int n = 0;
    try (FSDataInputStream in = fs.open(path(name))) {
      while (n < maxBytes) {
        int r = in.read(offset + n, buf, n, maxBytes - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    }
    return n == maxBytes ? buf : java.util.Arrays.copyOf(buf, n);
  }

  @Override
  public SinkFile createSink(String name) throws IOException {
    Path p = path(name);
    if (fs.exists(p)) {
      throw new FileAlreadyExistsException(name, null, "destination exists; choose another name");
    }
    if (p.getParent() != null) {
      fs.mkdirs(p.getParent());
    }
    return new Sink(newFile(p), 0, TailLines.none());
  }

  /**
   * Creates {@code p} for a sink. A local file is then written in append mode, as a reopened sink
   * writes it: nothing fences a sink's predecessor on a local file (HDFS does, by its lease), and a
   * predecessor still writing at its own position would overwrite lines its successor appended,
   * made durable and acknowledged (at-least-once lost lines so, session 9). Appends land at the end
   * whoever writes them, a batch in one write.
   */
  private FSDataOutputStream newFile(Path p) throws IOException {
    if (fs instanceof DistributedFileSystem) {
      return fs.create(p, false);
    }
    fs.create(p, false).close();
    return fs.append(p);
  }

  @Override
  public SinkFile reopenSink(String name, long length, TailLines rewrites) throws IOException {
    Path p = path(name);
    if (!fs.exists(p)) {
      if (length > 0) {
        throw new FileNotFoundException(
            "destination " + name + " vanished (expected " + length + " bytes)");
      }
      return createSinkAllowingRecreate(p);
    }
    waitClosed(p); // the dead sink's lease
    long have = fs.getFileStatus(p).getLen();
    if (have < length) {
      throw new IOException(
          "destination "
              + name
              + " has "
              + have
              + " bytes, less than the "
              + length
              + " its sink acknowledged");
    }
    if (have == length) {
      return new Sink(fs.append(p), length, TailLines.none());
    }
    // Keep the dead sink's tail when it is lines the restarted sink writes again anyway: a
    // truncate inside a block waits for another block recovery (a DataNode heartbeat).
    TailLines tail = have - length <= MAX_KEPT_TAIL_BYTES ? readTail(p, length, have) : null;
    if (tail != null && tail.coveredBy(rewrites)) {
      log.info("sink {} keeps {} lines past its logged length {}", p, tail.remaining(), length);
      return new Sink(fs.append(p), have, tail);
    }
    log.info("sink {} cuts {} bytes past its logged length {}", p, have - length, length);
    if (!fs.truncate(p, length)) {
      waitClosed(p); // HDFS finishes truncating the last block in the background
    }
    return new Sink(fs.append(p), length, TailLines.none());
  }

  @Override
  public SinkFile reopenSinkKeepingAll(String name) throws IOException {
    Path p = path(name);
    if (!fs.exists(p)) {
      return createSinkAllowingRecreate(p);
    }
    waitClosed(p); // the dead sink's lease
    long have = fs.getFileStatus(p).getLen();
    long keep = wholeLinesLength(p, have);
    if (keep < have) {
      log.info("sink {} cuts a torn last line of {} bytes", p, have - keep);
      if (!fs.truncate(p, keep)) {
        waitClosed(p);
      }
    }
    return new Sink(fs.append(p), keep, TailLines.none());
  }

  /** The length of the file's whole lines: up to and including its last newline. */
  private long wholeLinesLength(Path p, long length) throws IOException {
    byte[] chunk = new byte[64 << 10];
    try (FSDataInputStream in = fs.open(p)) {
      for (long end = length; end > 0; ) {
        int n = (int) Math.min(chunk.length, end);
        in.readFully(end - n, chunk, 0, n);
        for (int i = n - 1; i >= 0; i--) {
          if (chunk[i] == '\n') {
            return end - n + i + 1;
          }
        }
        end -= n;
      }
    }
    return 0;
  }

  private TailLines readTail(Path p, long from, long to) throws IOException {
    byte[] tail = new byte[(int) (to - from)];
    try (FSDataInputStream in = fs.open(p)) {
      in.readFully(from, tail);
    }
    return TailLines.parse(tail);
  }

  private SinkFile createSinkAllowingRecreate(Path p) throws IOException {
    if (p.getParent() != null) {
      fs.mkdirs(p.getParent());
    }
    return new Sink(newFile(p), 0, TailLines.none());
  }

  private void waitClosed(Path p) throws IOException {
    if (!(fs instanceof DistributedFileSystem dfs)) {
      return;
    }
    long deadline = System.nanoTime() + leaseRecoveryTimeoutMs * 1_000_000L;
    boolean closed = dfs.recoverLease(p);
    while (!closed) {
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "HDFS did not close " + p + " within " + leaseRecoveryTimeoutMs + " ms");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted waiting for " + p);
      }
      closed = dfs.isFileClosed(p);
    }
  }

  private final class Sink implements SinkFile {
    private final FSDataOutputStream out;
    private final TailLines skip; // the dead sink's tail lines, each left out once when rewritten
    private long length; // kept here: not every FileSystem's append stream knows its offset

    Sink(FSDataOutputStream out, long startLength, TailLines skip) {
      this.out = out;
      this.length = startLength;
      this.skip = skip;
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
      length += skip.filter(bytes, off, len, out::write);
    }

    @Override
    public long flushDurable() throws IOException {
      if (fs instanceof DistributedFileSystem) {
        out.hflush();
      } else {
        out.hsync();
      }
      return length;
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
