package org.dsuite.rainstorm.engine.task;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dsuite.rainstorm.engine.core.Output;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.dsuite.rainstorm.engine.io.BytesOut;
import org.dsuite.rainstorm.engine.io.StreamFileSystem;
import org.dsuite.rainstorm.engine.io.TailLines;
import org.dsuite.rainstorm.engine.task.stats.LatencyRecorder;

/**
 * A sink task's destination ({@link TaskRole.Sink}): writes each released output once and makes the
 * file durable by group commit: as soon as the task's input goes idle (nothing more queued), or at
 * the latest {@code maxFlushDelayMs} after the oldest unflushed line, whichever comes first. While
 * one flush runs, the next lines queue up and share the next flush, so the number of syncs per
 * second stays bounded under load while a lone line is durable within one sync, not a fixed period.
 */
final class SinkWriter implements Closeable {
  /** Outputs now durable in the destination, which holds exactly {@code length} bytes of them. */
  record Flushed(List<TupleId> ids, long length) {}

  private final StreamFileSystem.SinkFile file;
  private final long maxFlushDelayMs;
  private final Set<TupleId> writtenUnacked = new LinkedHashSet<>();
  // Source stamps (DataTuple.stampMicros) of the lines written since the last flush, -1 for none.
  private long[] stamps = new long[1024];
  private int stampCount;
  private final LatencyRecorder latency = new LatencyRecorder();
  private final BytesOut lines = new BytesOut(64 << 10);
  private volatile int writtenUnackedCount;
  private volatile long durableBytes;
  private volatile long firstDurableAtMs = -1;
  private long firstUnflushedMs = -1; // when the oldest unflushed line was written

  private SinkWriter(StreamFileSystem.SinkFile file, long maxFlushDelayMs, long durableBytes) {
    this.file = file;
    this.maxFlushDelayMs = maxFlushDelayMs;
    this.durableBytes = durableBytes;
  }

  /**
   * Opens the destination for a task whose log says {@code destOffset} bytes are acknowledged (-1:
   * nothing yet) and {@code unacked} are its outputs not yet acknowledged. A file that exists is
   * ours from an earlier incarnation (the submitter refuses existing destinations). The unacked
   * outputs are written at once, before anything else, so the lines a dead incarnation left past
   * {@code destOffset} (kept rather than cut off when they are all among them, {@link
   * org.dsuite.rainstorm.engine.io.TailLines}) are all matched before the first flush logs a length
   * past them.
   */
  static SinkWriter open(TaskRole.Sink role, long destOffset, List<Output> unacked, long nowMs)
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
              role.fs().reopenSink(role.file(), keep, lines), role.flushIntervalMs(), keep);
      try {
        w.write(unacked, nowMs);
      } catch (IOException | RuntimeException e) {
        try {
          w.close(); // release the append stream (and its HDFS lease) for the next attempt
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      return w;
    }
    return new SinkWriter(role.fs().createSink(role.file()), role.flushIntervalMs(), 0);
  }

  /**
   * Opens the destination for an at-least-once sink (no log): a file that exists is ours from an
   * earlier incarnation; every whole line in it stays (cutting it back would lose lines whose
   * inputs upstream no longer holds) and what the new incarnation writes goes after them.
   */
  static SinkWriter openAtLeastOnce(TaskRole.Sink role) throws IOException {
    if (role.fs().exists(role.file())) {
      StreamFileSystem.SinkFile f = role.fs().reopenSinkKeepingAll(role.file());
      return new SinkWriter(f, role.flushIntervalMs(), f.flushDurable());
    }
    return new SinkWriter(role.fs().createSink(role.file()), role.flushIntervalMs(), 0);
  }

  /** Writes outputs' values as lines, skipping resends of lines written since the last flush. */
  void write(List<Output> outputs, long nowMs) throws IOException {
    if (firstUnflushedMs < 0 && !outputs.isEmpty()) {
      firstUnflushedMs = nowMs;
    }
    lines.reset();
    for (Output o : outputs) {
      if (writtenUnacked.add(o.id())) {
        lines.appendUtf8(o.tuple().value());
        lines.write('\n');
        if (stampCount == stamps.length) {
          stamps = Arrays.copyOf(stamps, stampCount * 2);
        }
        stamps[stampCount++] = o.tuple().stampMicros();
      }
    }
    file.write(lines.array(), 0, lines.size()); // one call for the whole release
    writtenUnackedCount = writtenUnacked.size();
  }

  /**
   * Flushes if something was written and either the input is idle or the oldest unflushed line has
   * waited {@code maxFlushDelayMs}; null otherwise.
   */
  Flushed flushIfDue(long nowMs, boolean inputIdle) throws IOException {
    if (writtenUnacked.isEmpty()) {
      firstUnflushedMs = -1;
      return null;
    }
    if (!inputIdle && nowMs - firstUnflushedMs < maxFlushDelayMs) {
      return null;
    }
    long length = file.flushDurable();
    firstUnflushedMs = -1;
    long durableMicros = WallMicros.now();
    for (int i = 0; i < stampCount; i++) {
      if (stamps[i] >= 0) {
        latency.record(durableMicros - stamps[i]);
      }
    }
    stampCount = 0;
    if (firstDurableAtMs < 0) {
      firstDurableAtMs = durableMicros / 1000;
    }
    List<TupleId> ids = new ArrayList<>(writtenUnacked);
    writtenUnacked.clear();
    writtenUnackedCount = 0;
    return new Flushed(ids, length);
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

  /** Lines written but not yet flushed (readable from any thread). */
  int writtenUnacked() {
    return writtenUnackedCount;
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
