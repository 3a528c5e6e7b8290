package org.dsuite.rainstorm.engine.task;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dsuite.rainstorm.engine.core.Output;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.dsuite.rainstorm.engine.io.BytesOut;
import org.dsuite.rainstorm.engine.io.StreamFileSystem;
import org.dsuite.rainstorm.engine.io.TailLines;
import org.dsuite.rainstorm.engine.task.stats.LatencyRecorder;
import org.dsuite.rainstorm.engine.task.stats.StageAges;

/**
 * A sink task's destination ({@link TaskRole.Sink}): writes each released output once and makes the
 * file durable by group commit: as soon as the task's input goes idle (nothing more queued), or at
 * the latest {@code maxFlushDelayMs} after the oldest unflushed line, whichever comes first. While
 * one flush runs, the next lines queue up and share the next flush, so the number of syncs per
 * second stays bounded under load while a lone line is durable within one sync, not a fixed period.
 *
 * <p>The file is written and synced on a thread of its own: the task's loop only buffers lines and
 * hands a buffer over, and takes the result back ({@link #flushIfDue}) once the sync returned. A
 * sync of a local file, or an hflush through a loaded DataNode, took 1 ms at the median but 77 ms
 * at p99 and up to 350 ms in a loaded paced run (ReportBench, session 7); on the loop thread every
 * batch that arrived meanwhile waited for it. One flush at a time, in order: only that thread
 * touches the file after {@link #open}, so the bytes reach the file in the order written.
 */
final class SinkWriter implements Closeable {
  /** Outputs now durable in the destination, which holds exactly {@code length} bytes of them. */
  record Flushed(List<TupleId> ids, long length) {}

  /** Lines handed to the flush thread: their bytes, IDs and source stamps. */
  private static final class Batch {
    final BytesOut bytes = new BytesOut(64 << 10);
    final List<TupleId> ids = new ArrayList<>();
    long[] stamps = new long[1024];
    int stampCount;
    long length; // set by the flush thread
    long durableMicros; // set by the flush thread

    void reset() {
      bytes.reset();
      ids.clear();
      stampCount = 0;
    }
  }

  private final StreamFileSystem.SinkFile file;
  private final long maxFlushDelayMs;
  private final Runnable onFlushed;
  private final Thread flusher;
  private final LatencyRecorder latency = new LatencyRecorder();
  private volatile int writtenUnackedCount;
  private volatile long durableBytes;
  private volatile long firstDurableAtMs = -1;

  /** How long {@link #abort} waits for a running flush (the task loop's own join waits 10 s). */
  private static final long ABORT_WAIT_MS = 10_000;

  // Task loop only.
  private final Set<TupleId> writtenUnacked = new HashSet<>(); // buffered or being flushed
  private Batch buffered = new Batch();
  private Batch spare = new Batch();
  private boolean flushing; // a batch is with the flush thread, its result not yet taken
  private long firstUnflushedMs = -1; // when the oldest buffered line was written

  // Guarded by lock.
  private final Object lock = new Object();
  private Batch toFlush;
  private Batch flushed;
  private IOException failure;
  private boolean stopping;
  private volatile boolean flushDone;

  private SinkWriter(
      StreamFileSystem.SinkFile file, long maxFlushDelayMs, long durableBytes, Runnable onFlushed) {
    this.file = file;
    this.maxFlushDelayMs = maxFlushDelayMs;
    this.durableBytes = durableBytes;
    this.onFlushed = onFlushed;
    this.flusher = new Thread(this::flushLoop, "sink-flush");
    this.flusher.setDaemon(true);
    this.flusher.start();
  }

  /**
   * Opens the destination for a task whose log says {@code destOffset} bytes are acknowledged (-1:
   * nothing yet) and {@code unacked} are its outputs not yet acknowledged. A file that exists is
   * ours from an earlier incarnation (the submitter refuses existing destinations). The unacked
   * outputs are written first, before anything else, so the lines a dead incarnation left past
   * {@code destOffset} (kept rather than cut off when they are all among them, {@link
   * org.dsuite.rainstorm.engine.io.TailLines}) are all matched before the first flush logs a length
   * past them. {@code onFlushed} runs (on the flush thread) when a flush's result is ready.
   */
  static SinkWriter open(
      TaskRole.Sink role, long destOffset, List<Output> unacked, long nowMs, Runnable onFlushed)
      throws IOException {
    if (destOffset >= 0 || role.fs().exists(role.file())) {
      long keep = Math.max(0, destOffset);
      BytesOut rewrites = new BytesOut(64 << 10);
      for (Output o : unacked) {
        rewrites.appendUtf8(o.tuple().value());
        rewrites.write('\n');
      }
      TailLines lines = TailLines.parse(Arrays.copyOf(rewrites.array(), rewrites.size()));
      SinkWriter w =
          new SinkWriter(
              role.fs().reopenSink(role.file(), keep, lines),
              role.flushIntervalMs(),
              keep,
              onFlushed);
      w.write(unacked, nowMs); // buffered first: the first flush writes them before anything else
      return w;
    }
    return new SinkWriter(role.fs().createSink(role.file()), role.flushIntervalMs(), 0, onFlushed);
  }

  /**
   * Opens the destination for an at-least-once sink (no log): a file that exists is ours from an
   * earlier incarnation; every whole line in it stays (cutting it back would lose lines whose
   * inputs upstream no longer holds) and what the new incarnation writes goes after them.
   */
  static SinkWriter openAtLeastOnce(TaskRole.Sink role, Runnable onFlushed) throws IOException {
    if (role.fs().exists(role.file())) {
      StreamFileSystem.SinkFile f = role.fs().reopenSinkKeepingAll(role.file());
      return new SinkWriter(f, role.flushIntervalMs(), f.flushDurable(), onFlushed);
    }
    return new SinkWriter(role.fs().createSink(role.file()), role.flushIntervalMs(), 0, onFlushed);
  }

  /**
   * Buffers outputs' values as lines for the next flush, skipping resends of lines buffered or
   * being flushed.
   */
  void write(List<Output> outputs, long nowMs) {
    if (firstUnflushedMs < 0 && !outputs.isEmpty()) {
      firstUnflushedMs = nowMs;
    }
    if (StageAges.ON && !outputs.isEmpty()) {
      StageAges.record("sink-5write", outputs.get(0).tuple().stampMicros(), WallMicros.now());
    }
    Batch b = buffered;
    for (Output o : outputs) {
      if (writtenUnacked.add(o.id())) {
        b.bytes.appendUtf8(o.tuple().value());
        b.bytes.write('\n');
        b.ids.add(o.id());
        if (b.stampCount == b.stamps.length) {
          b.stamps = Arrays.copyOf(b.stamps, b.stampCount * 2);
        }
        b.stamps[b.stampCount++] = o.tuple().stampMicros();
      }
    }
    writtenUnackedCount = writtenUnacked.size();
  }

  /** True when a flush's result is ready for {@link #flushIfDue} (any thread). */
  boolean flushDone() {
    return flushDone;
  }

  /**
   * Takes the result of the flush that finished, if one did, and starts the next one if lines are
   * buffered and either the input is idle or the oldest has waited {@code maxFlushDelayMs}.
   *
   * @return the outputs the finished flush made durable, or null
   * @throws IOException if a flush failed (the task must stop; nothing after it is durable)
   */
  Flushed flushIfDue(long nowMs, boolean inputIdle) throws IOException {
    Flushed done = null;
    if (flushing) {
      Batch f;
      synchronized (lock) {
        if (failure != null) {
          throw new IOException("destination flush failed", failure);
        }
        f = flushed;
        flushed = null;
        flushDone = false;
      }
      if (f != null) {
        flushing = false;
        done = taken(f);
      }
    }
    Batch b = buffered;
    if (!flushing
        && !b.ids.isEmpty()
        && (inputIdle || nowMs - firstUnflushedMs >= maxFlushDelayMs)) {
      synchronized (lock) {
        toFlush = b;
        lock.notifyAll();
      }
      flushing = true;
      buffered = spare;
      spare = null;
      firstUnflushedMs = -1;
    }
    return done;
  }

  /** Records a finished flush on the loop thread and recycles its buffer. */
  private Flushed taken(Batch f) {
    for (int i = 0; i < f.stampCount; i++) {
      if (f.stamps[i] >= 0) {
        latency.record(f.stamps[i], f.durableMicros);
      }
    }
    if (StageAges.ON && f.stampCount > 0) {
      StageAges.record("sink-6durable-first", f.stamps[0], f.durableMicros);
    }
    if (firstDurableAtMs < 0) {
      firstDurableAtMs = f.durableMicros / 1000;
    }
    List<TupleId> ids = new ArrayList<>(f.ids);
    for (TupleId id : f.ids) {
      // One by one: Set.removeAll(list) calls list.contains per element of the set when the set
      // is not larger, which made each flush quadratic in its lines (a full-speed regression).
      writtenUnacked.remove(id);
    }
    writtenUnackedCount = writtenUnacked.size();
    Flushed result = new Flushed(ids, f.length);
    f.reset();
    spare = f;
    return result;
  }

  private void flushLoop() {
    try {
      while (true) {
        Batch b;
        synchronized (lock) {
          while (toFlush == null && !stopping) {
            lock.wait();
          }
          if (stopping) {
            return; // aborted: nothing handed over after that is written
          }
          b = toFlush;
          toFlush = null;
        }
        long start = WallMicros.now();
        file.write(b.bytes.array(), 0, b.bytes.size()); // one call for the whole batch
        b.length = file.flushDurable();
        b.durableMicros = WallMicros.now();
        if (StageAges.ON) {
          StageAges.record("sink-7flush-duration", start, b.durableMicros);
        }
        synchronized (lock) {
          flushed = b;
          flushDone = true;
        }
        onFlushed.run();
      }
    } catch (InterruptedException e) {
      fail(new IOException("the sink's flush thread was interrupted", e));
      Thread.currentThread().interrupt();
    } catch (Throwable e) { // an Error too: a flush thread that died unseen would hang the task
      fail(e instanceof IOException io ? io : new IOException(e));
    }
  }

  /** The task loop's next turn fails the task with {@code e} (unless it is aborting anyway). */
  private void fail(IOException e) {
    synchronized (lock) {
      if (stopping) {
        return;
      }
      failure = e;
      flushDone = true;
    }
    onFlushed.run();
  }

  /**
   * Destination bytes acknowledged as durable (readable from any thread). Called before the core
   * logs the acknowledgement: callers publish it only after that record is durable ({@link
   * #confirmDurable}).
   */
  long durableBytes() {
    return durableBytes;
  }

  /** The core's log now holds {@code length} as the acknowledged destination length. */
  void confirmDurable(long length) {
    durableBytes = Math.max(durableBytes, length);
  }

  /** Wall-clock ms of this incarnation's first durable flush, or -1 (any thread). */
  long firstDurableAtMs() {
    return firstDurableAtMs;
  }

  LatencyRecorder latency() {
    return latency;
  }

  /** Lines written but not yet flushed, or being flushed (readable from any thread). */
  int writtenUnacked() {
    return writtenUnackedCount;
  }

  /**
   * Stops the flush thread after the flush it is running, as a crash would stop the task: lines
   * only buffered or handed over are not written, and the file is left open.
   */
  void abort() {
    synchronized (lock) {
      stopping = true;
      toFlush = null;
      lock.notifyAll();
    }
    try {
      // bounded: an hflush stuck on a dead DataNode must not hold the worker's loop, which aborts
      // tasks when they move; the file is fenced by lease recovery when the task reopens it
      flusher.join(ABORT_WAIT_MS);
      if (flusher.isAlive()) {
        flusher.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the flush thread after the flush it is running, then closes the file. */
  @Override
  public void close() throws IOException {
    abort();
    file.close();
  }
}
