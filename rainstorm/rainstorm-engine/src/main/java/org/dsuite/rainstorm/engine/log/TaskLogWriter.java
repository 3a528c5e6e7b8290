package org.dsuite.rainstorm.engine.log;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.client.HdfsDataOutputStream;
import org.dsuite.rainstorm.engine.core.LogRecord;
import org.dsuite.rainstorm.engine.core.Snapshot;
import org.dsuite.rainstorm.engine.task.stats.StageAges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append side of one task's log on a Hadoop {@link FileSystem} (HDFS, or file:// in tests),
 * with group commit: callers {@link #append} records into a buffer and go on; one flusher thread
 * writes the buffer with a single {@code hflush}/{@code hsync} when it is {@link
 * TaskLogConfig#commitIntervalMs()} old or {@link TaskLogConfig#commitBytes()} big, then reports
 * the highest LSN it made durable to the {@link Listener}. Records that arrive during a flush share
 * the next one, so the number of syncs per second stays bounded whatever the record rate.
 *
 * <p>Each writer opens a fresh segment (never appends to an old one: a dead writer's last segment
 * may still be under HDFS lease recovery). {@link #snapshot} starts a new segment once the records
 * the snapshot covers are durable, and hands the snapshot to a {@link SnapshotWriter}, which writes
 * it, closes the ended segment and deletes what it made redundant while commits go on into the new
 * segment.
 */
public final class TaskLogWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TaskLogWriter.class);

  /** Told, on the flusher thread, how far the log is durable. */
  public interface Listener {
    void onDurable(long lsn);

    /** The log can no longer be written; the task must stop (its inputs will be resent). */
    void onFailure(IOException e);
  }

  private final FileSystem fs;
  private final Path dir;
  private final TaskLogConfig config;
  private final Listener listener;
  private final Object lock = new Object();
  private final RecordFraming framing = new RecordFraming();
  private final Thread flusher;
  private final SnapshotWriter snapshots;

  // Guarded by lock.
  private ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 << 10);
  private ByteArrayOutputStream spare = new ByteArrayOutputStream(64 << 10);
  private long lastAppendedLsn;
  private long firstBufferedNanos;
  private Snapshot pendingSnapshot;
  private ByteArrayOutputStream sealed; // records up to the pending snapshot, not yet written
  private long sealedLastLsn;
  private boolean snapshotInProgress; // from snapshot() until the SnapshotWriter has written it
  private boolean closing;
  private boolean aborted;
  private IOException failure;

  // Flusher thread only.
  private FSDataOutputStream out;
  private long segmentStart;
  private long flushes;
  private long flushedBytes;
  private boolean firstDurableMarked;

  private TaskLogWriter(
      FileSystem fs, Path dir, long nextLsn, TaskLogConfig config, Listener listener) {
    this.fs = fs;
    this.dir = dir;
    this.config = config;
    this.listener = listener;
    this.lastAppendedLsn = nextLsn - 1;
    this.flusher = new Thread(this::flushLoop, "task-log-" + dir.getName());
    this.flusher.setDaemon(true);
    this.snapshots =
        new SnapshotWriter(
            fs,
            dir,
            config.durability() == TaskLogConfig.Durability.HSYNC,
            new SnapshotWriter.Listener() {
              @Override
              public void written(long lsn) {
                synchronized (lock) {
                  snapshotInProgress = false;
                }
              }

              @Override
              public void failed(IOException e) {
                fail(e);
              }
            });
  }

  /**
   * Opens a new segment starting at {@code nextLsn} (one past what recovery found) in {@code dir}.
   */
  public static TaskLogWriter open(
      FileSystem fs, Path dir, long nextLsn, TaskLogConfig config, Listener listener)
      throws IOException {
    if (nextLsn < 1) {
      throw new IllegalArgumentException("nextLsn must be >= 1: " + nextLsn);
    }
    TaskLogWriter w =
        new TaskLogWriter(
            fs, dir, nextLsn, Objects.requireNonNull(config), Objects.requireNonNull(listener));
    w.mark("log-read"); // a task opens its writer right after reading its snapshot and log tail
    fs.mkdirs(dir);
    w.out = w.newSegment(nextLsn);
    w.mark("segment");
    w.flusher.start();
    w.snapshots.start();
    return w;
  }

  /**
   * One step of this incarnation's start, in the worker's {@code recovery-timeline} form (see
   * {@code worker.Timeline}): the log directory is {@code .../JOB/STAGE-TASK}.
   */
  private void mark(String event) {
    Path job = dir.getParent();
    log.info(
        "recovery-timeline job={} task={} event={} at={}",
        job == null ? "-" : job.getName(),
        dir.getName(),
        event,
        System.currentTimeMillis());
  }

  /**
   * Buffers records for the next group commit. Blocks while {@link
   * TaskLogConfig#maxBufferedBytes()} wait for a flush.
   *
   * @throws IOException if the log has failed or is closed
   * @throws IllegalArgumentException if the LSNs do not continue the log
   */
  public void append(List<LogRecord> records) throws IOException {
    if (records.isEmpty()) {
      return;
    }
    synchronized (lock) {
      while (buffer.size() >= config.maxBufferedBytes() && failure == null && !closing) {
        waitOn();
      }
      checkOpen();
      boolean wasEmpty = buffer.size() == 0;
      for (LogRecord r : records) {
        if (r.lsn() != lastAppendedLsn + 1) {
          throw new IllegalArgumentException(
              "lsn " + r.lsn() + " does not follow " + lastAppendedLsn);
        }
        if (buffer.size() == 0) {
          firstBufferedNanos = System.nanoTime();
        }
        framing.frame(r, buffer);
        lastAppendedLsn = r.lsn();
      }
      if (wasEmpty || buffer.size() >= config.commitBytes()) {
        lock.notifyAll(); // the flusher starts its commit-interval clock, or flushes early
      }
    }
  }

  /**
   * Once every record up to {@code s}'s LSN is durable, rolls to a new segment and has {@code s}
   * written in the background, then older snapshots and the segments {@code s} covers deleted.
   * Returns at once.
   *
   * @throws IllegalStateException if the previous snapshot is still in progress ({@link
   *     #snapshotInProgress})
   */
  public void snapshot(Snapshot s) throws IOException {
    synchronized (lock) {
      checkOpen();
      if (snapshotInProgress) {
        throw new IllegalStateException("the previous snapshot of " + dir + " is not written yet");
      }
      if (s.lsn() > lastAppendedLsn) {
        throw new IllegalArgumentException(
            "snapshot lsn " + s.lsn() + " beyond appended " + lastAppendedLsn);
      }
      // Seal what is buffered so the snapshot's segment ends at its LSN and can be deleted.
      if (sealed == null) {
        sealed = new ByteArrayOutputStream(Math.max(32, buffer.size()));
      }
      buffer.writeTo(sealed);
      buffer.reset();
      sealedLastLsn = lastAppendedLsn;
      pendingSnapshot = s;
      snapshotInProgress = true;
      lock.notifyAll();
    }
  }

  /**
   * True from {@link #snapshot} until that snapshot is written: a task takes its next snapshot only
   * after (a snapshot that takes longer than the records between two is not queued behind).
   */
  public boolean snapshotInProgress() {
    synchronized (lock) {
      return snapshotInProgress;
    }
  }

  /** Flushes what is buffered, closes the segment, finishes a snapshot in progress and stops. */
  @Override
  public void close() throws IOException {
    synchronized (lock) {
      closing = true;
      lock.notifyAll();
    }
    try {
      joinFlusher();
    } finally {
      snapshots.finish();
    }
    synchronized (lock) {
      if (failure != null) {
        throw failure;
      }
    }
  }

  /**
   * Stops without flushing or closing the segment, as a crash would (tests and benchmarks use this
   * to leave an open, possibly torn segment behind).
   */
  public void abort() {
    synchronized (lock) {
      aborted = true;
      closing = true;
      lock.notifyAll();
    }
    try {
      joinFlusher();
    } catch (IOException ignored) {
      // abort does not report
    }
    snapshots.abort();
  }

  public long flushes() {
    synchronized (lock) {
      return flushes;
    }
  }

  public long flushedBytes() {
    synchronized (lock) {
      return flushedBytes;
    }
  }

  private void joinFlusher() throws IOException {
    try {
      flusher.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while closing " + dir);
    }
  }

  private void checkOpen() throws IOException {
    if (failure != null) {
      throw new IOException("task log " + dir + " failed", failure);
    }
    if (closing) {
      throw new IOException("task log " + dir + " is closed");
    }
  }

  private void waitOn() throws InterruptedIOException {
    try {
      lock.wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the task log");
    }
  }

  /** One batch taken from the buffer under the lock. */
  private record Batch(
      ByteArrayOutputStream bytes, long lastLsn, Snapshot snapshot, boolean last) {}

  private void flushLoop() {
    try {
      while (true) {
        Batch b = nextBatch();
        if (b == null) {
          return; // aborted
        }
        if (b.bytes.size() > 0) {
          long t0 = System.nanoTime() / 1000;
          b.bytes.writeTo(out);
          sync(out);
          if (StageAges.ON) {
            StageAges.record("log-2hflush", t0, System.nanoTime() / 1000);
          }
          synchronized (lock) {
            flushes++;
            flushedBytes += b.bytes.size();
          }
          listener.onDurable(b.lastLsn);
          if (!firstDurableMarked) {
            firstDurableMarked = true;
            mark("durable");
          }
        }
        if (b.snapshot == null) {
          synchronized (lock) {
            b.bytes.reset();
            spare = b.bytes;
          }
        }
        if (b.snapshot != null) {
          rollForSnapshot(b.snapshot, b.lastLsn + 1);
        }
        if (b.last) {
          out.close();
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      fail(e instanceof IOException x ? x : new IOException(e));
    }
  }

  /** The log cannot be written any more (flusher or snapshot thread): tells the listener once. */
  private void fail(IOException io) {
    synchronized (lock) {
      if (failure != null) {
        return;
      }
      failure = io;
      lock.notifyAll();
    }
    log.error("task log {} failed", dir, io);
    listener.onFailure(io);
  }

  private Batch nextBatch() throws InterruptedIOException {
    synchronized (lock) {
      while (true) {
        if (aborted || failure != null) {
          return null; // a failed snapshot ends the log too: append and close report it
        }
        if (pendingSnapshot != null) {
          Batch b = new Batch(sealed, sealedLastLsn, pendingSnapshot, false);
          sealed = null;
          pendingSnapshot = null;
          return b;
        }
        boolean hasData = buffer.size() > 0;
        if (hasData || closing) {
          long waitNanos =
              firstBufferedNanos + config.commitIntervalMs() * 1_000_000L - System.nanoTime();
          boolean due =
              !hasData || closing || waitNanos <= 0 || buffer.size() >= config.commitBytes();
          if (due) {
            if (StageAges.ON && hasData) {
              StageAges.record(
                  "log-1buffered", firstBufferedNanos / 1000, System.nanoTime() / 1000);
            }
            Batch b = new Batch(buffer, lastAppendedLsn, pendingSnapshot, closing);
            buffer = spare;
            spare = null;
            pendingSnapshot = null;
            lock.notifyAll(); // appenders blocked on a full buffer
            return b;
          }
          timedWait(waitNanos);
        } else {
          waitOn();
        }
      }
    }
  }

  private void timedWait(long nanos) throws InterruptedIOException {
    try {
      lock.wait(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    }
  }

  private void sync(FSDataOutputStream s) throws IOException {
    if (config.durability() == TaskLogConfig.Durability.HSYNC) {
      s.hsync();
    } else {
      s.hflush();
    }
  }

  /**
   * Fails if this writer was fenced: a roll creates a file with a lease of its own, so a writer
   * whose segment HDFS lease recovery took away (a paused process that resumed after its task
   * moved) must not get there, or its records would become durable past the fence. An {@code hsync}
   * with {@code UPDATE_LENGTH} sends an empty sync packet through the pipeline (fails once the
   * DataNode recovered the block) and asks the NameNode, which checks the lease (fails from the
   * moment recovery was requested). Once per snapshot. A fence that lands after this check still
   * cannot lose records: the roll's create does not overwrite ({@link #newSegment}).
   */
  private static void confirmLease(FSDataOutputStream s) throws IOException {
    if (s instanceof HdfsDataOutputStream h) {
      h.hsync(EnumSet.of(HdfsDataOutputStream.SyncFlag.UPDATE_LENGTH));
    } else {
      s.hsync();
    }
  }

  private FSDataOutputStream newSegment(long startLsn) throws IOException {
    // Never overwrite. Recovery removes a trailing segment that holds no record (TaskLogReader),
    // so a segment already named startLsn is another incarnation's: this writer's successor
    // started there (this writer outlived its fence), or a replaced writer got past its fence and
    // rolled there before this one opened. Replacing it would lose the records the other made
    // durable; failing leaves it for the next recovery to fence and read.
    Path p = new Path(dir, LogLayout.segment(startLsn));
    FSDataOutputStream s;
    try {
      s = fs.create(p, false);
    } catch (IOException e) {
      if (!fs.exists(p)) {
        throw e;
      }
      // FileAlreadyExistsException, or (HDFS) the other writer still holds the file's lease
      throw new IOException(
          p + " exists: another incarnation of this task writes this log; not replacing it", e);
    }
    DataOutputStream d = new DataOutputStream(s);
    d.writeInt(LogLayout.SEGMENT_MAGIC);
    d.writeInt(LogLayout.VERSION);
    d.writeLong(startLsn);
    d.flush();
    sync(s);
    segmentStart = startLsn;
    return s;
  }

  /**
   * Records up to {@code s} are durable: starts the next segment (if the current one holds records)
   * and hands {@code s} and the ended segment to the {@link SnapshotWriter}.
   */
  private void rollForSnapshot(Snapshot s, long nextLsn) throws IOException {
    FSDataOutputStream ended = null;
    if (nextLsn != segmentStart) {
      ended = out;
      confirmLease(ended);
      out = newSegment(nextLsn);
    }
    snapshots.submit(s, ended);
  }
}
