package org.dsuite.rainstorm.engine.task;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dsuite.rainstorm.api.Tuple;
import org.dsuite.rainstorm.api.ops.LineBytesFilter;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.dsuite.rainstorm.engine.io.StreamFileSystem;
import org.dsuite.rainstorm.engine.task.stats.StageAges;

/**
 * A source task's share of the source file, its byte-range split ({@link
 * StreamFileSystem#openSplit}), read in batches ({@link TaskRole.Source}). Each tuple's carries its
 * source timestamp ({@link DataTuple#stampMicros()}) for end-to-end latency.
 *
 * <p>Pacing ({@code recordsPerSecond > 0}) is open-loop: the {@code k}-th line this incarnation
 * reads is due at {@code start + k / rate} (lines the filter drops take their slot too), a batch
 * holds only tuples already due, and each tuple is stamped with its due time, not the time it was
 * actually read. When the pipeline falls behind (backpressure), tuples pile up as due and their
 * latency includes the time they waited, so slow periods are not hidden (no coordinated omission).
 * A restarted source task starts its schedule again.
 *
 * <p>The split is positioned (the lines before its range counted) and its first line read when it
 * is opened, during the task's start. The schedule starts when the job's pipeline is up ({@link
 * #pipelineReady}: every task of the job started and reported from its worker, which the worker
 * sees in ZooKeeper), or {@code pacedStartWaitMicros} after the first read at the latest, whichever
 * comes first. Before, it started at the source's first read, while the other tasks were still
 * opening their logs and destination: the first 0.4-0.6 s of due tuples queued behind the start-up
 * and made the p99 of a run lasting a few seconds (session 8, docs/benchmarks-rainstorm.md).
 * Start-up is thus reported apart from the steady state ({@link #clockStartWallMs}), as the
 * fairness rules ask and as the Spark side's open-loop clock does (it starts after a warm-up
 * batch).
 *
 * <p>Two kinds of line never become tuples, and are passed over as bytes (line breaks counted,
 * nothing decoded): lines below {@code resumeLine}, which a restarted task's recovered log says
 * were processed with no output waiting for its content ({@code TaskCore#sourceResumeLine}); and
 * lines the role's {@link TaskRole.Source#lineFilter} rejects (the chained filter would drop them
 * anyway). The latter still count as processed inputs ({@link #linesDropped()}), as they would have
 * in the operator.
 */
final class SourceSplit implements Closeable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SourceSplit.class);
  private final TaskRole.Source role;
  private final int task;
  private final StreamFileSystem.LineReader reader;
  private final StreamFileSystem.RawLineReader raw; // reader, when it hands out bytes; else null
  private final LineBytesFilter filter;
  private final long resumeLine;
  private final long countFrom;
  private long dropped; // by the filter, in this loop's own count
  private volatile long droppedPublished;
  private final double microsPerTuple; // 0 = unpaced
  private long startMicros = -1;
  private long firstAskMicros = -1;
  private long lastAskMicros = -1; // first nextBatch: the latest start is a wait after it
  private volatile boolean pipelineReady;
  private volatile long clockStartWallMs = -1;
  // Slots of the pacing schedule used: one per line read, kept or dropped by the filter, so the
  // input rate is one of lines, as without the filter. The pending line has slot pendingSlot.
  private long scheduled;
  private long pendingSlot;
  private String pendingLine; // read but not yet due
  private long pendingNumber;
  private volatile boolean done;
  private int scanLeft; // lines this nextBatch may still pass over
  private long nextReadMicros; // a paced source reads no earlier than this (wall µs)
  private boolean scanPaused;

  /** A source that reads its whole split. */
  SourceSplit(TaskRole.Source role, int task) throws IOException {
    this(role, task, 0, 0);
  }

  /**
   * @param resumeLine lines below it are passed over unread (a restarted task's processed lines)
   * @param countFrom lines the filter drops count as processed from this line on (lines below it
   *     were counted by an earlier incarnation)
   */
  SourceSplit(TaskRole.Source role, int task, long resumeLine, long countFrom) throws IOException {
    this.role = role;
    this.task = task;
    this.reader = role.fs().openSplit(role.file(), task, role.numTasks());
    this.raw = reader instanceof StreamFileSystem.RawLineReader r ? r : null;
    this.filter = role.lineFilter();
    this.resumeLine = resumeLine;
    this.countFrom = countFrom;
    this.microsPerTuple = role.recordsPerSecond() > 0 ? 1e6 / role.recordsPerSecond() : 0;
    // Position the split now, while the task starts, not at the first read: a split past the
    // file's start first counts every line before its range (tuples carry global line numbers),
    // two thirds of the file for the last of three tasks. At the first read that took 0.1-0.65 s
    // on this machine (JFR, session 8) after the paced schedule had started, and every tuple due
    // meanwhile was charged with it: the p99 of an open-loop run of a few seconds.
    scanLeft = scanBudget();
    try {
      readNext(); // the split's first line is pending (or the scan budget is spent: reads go on)
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /**
   * The next batch of this split's lines as source tuples: empty once the file is read, and also
   * (when paced) while no tuple is due yet.
   */
  List<DataTuple> nextBatch() throws IOException {
    long now = WallMicros.now();
    if (StageAges.ON && startMicros >= 0) {
      // diagnostic: how long the task loop went without asking for input (by when it last asked)
      StageAges.record("s0-0ask-gap", lastAskMicros, now);
    }
    lastAskMicros = now;
    // Before the early returns: a pass that stopped at its scan budget (e.g. the open's) must not
    // read as "more to read now" while the schedule waits, or the task loop would spin.
    scanPaused = false;
    if (startMicros < 0) {
      if (!clockMayStart(now)) {
        return List.of(); // paced: the schedule starts once the pipeline is up
      }
      startMicros = now;
      if (microsPerTuple > 0) {
        clockStartWallMs = now / 1000;
      }
    }
    if (now < nextReadMicros) {
      return List.of(); // paced: let due tuples gather, whatever woke the task's loop
    }
    List<DataTuple> batch = new ArrayList<>(Math.min(role.batchLines(), 1024));
    scanLeft = scanBudget();
    while (!done && batch.size() < role.batchLines()) {
      if (pendingLine == null && !readNext()) {
        done = !scanPaused;
        break;
      }
      long due = microsPerTuple == 0 ? now : startMicros + (long) (pendingSlot * microsPerTuple);
      if (due > now) {
        break;
      }
      batch.add(
          new DataTuple(
              TupleId.ofSourceLine(pendingNumber),
              Tuple.sourceKey(role.file(), pendingNumber),
              pendingLine,
              due));
      pendingLine = null;
    }
    if (microsPerTuple > 0 && !batch.isEmpty() && batch.size() < role.batchLines()) {
      // Every wake-up of the task (a commit, an ack) used to read what was due: a paced source
      // sent a batch every ~1.4 ms instead of every paced wait (session 7). A full batch means it
      // is behind schedule: it reads on at once.
      nextReadMicros = now + role.pacedWaitMicros();
    }
    droppedPublished = dropped;
    return batch;
  }

  /** Whether the schedule may start now: unpaced, no wait asked for, pipeline up, or waited out. */
  private boolean clockMayStart(long now) {
    if (microsPerTuple == 0 || role.pacedStartWaitMicros() == 0 || pipelineReady) {
      return true;
    }
    if (firstAskMicros < 0) {
      firstAskMicros = now;
    }
    if (now - firstAskMicros < role.pacedStartWaitMicros()) {
      return false;
    }
    log.warn(
        "source {} of {}: the job's pipeline was not up after {} ms (rainstorm.worker."
            + "paced-start-wait-ms); its input schedule starts anyway",
        task,
        role.file(),
        role.pacedStartWaitMicros() / 1000);
    return true;
  }

  /**
   * Every task of the job is up: a paced source starts its schedule at its next read. Any thread.
   *
   * @return true if this call changed that (false if it was known already)
   */
  boolean pipelineReady() {
    if (pipelineReady) {
      return false;
    }
    pipelineReady = true;
    return true;
  }

  /** Wall-clock ms at which this incarnation's schedule started, or -1 (not yet, or unpaced). */
  long clockStartWallMs() {
    return clockStartWallMs;
  }

  /**
   * Lines of this incarnation that the filter rejected on their bytes (and that no earlier
   * incarnation counted): inputs the operator would have processed with no output. Any thread.
   */
  long linesDropped() {
    return droppedPublished;
  }

  /**
   * Microseconds until the next tuple is due when paced and one is waiting for its time; 0 if one
   * is due now, or if the source is unpaced, has not read ahead or waits for the pipeline (the
   * caller then simply asks).
   */
  long microsUntilDue() {
    if (microsPerTuple == 0 || pendingLine == null || startMicros < 0) {
      return 0;
    }
    long due = startMicros + (long) (pendingSlot * microsPerTuple);
    return Math.max(0, due - WallMicros.now());
  }

  /** Microseconds until a paced source reads again after a batch that was not full; 0 if now. */
  long microsUntilReadable() {
    return Math.max(0, nextReadMicros - WallMicros.now());
  }

  /** How long a paced source lets due tuples gather into one batch. */
  long pacedWaitMicros() {
    return role.pacedWaitMicros();
  }

  /** Reads this split's next line into {@code pendingLine}; false at the end of the split. */
  private boolean readNext() throws IOException {
    if (raw == null) {
      return readNextDecoded();
    }
    while (true) {
      if (scanLeft-- <= 0) {
        scanPaused = true; // the task loop's turn: acks and commits wait while we scan
        return false;
      }
      if (!raw.advance()) {
        return false;
      }
      long n = raw.lineNumber();
      if (n < resumeLine || (role.header() && n == 1)) {
        continue; // processed by an earlier incarnation; or the header, which is no tuple
      }
      if (!filter.mayKeep(raw.lineBytes(), raw.lineStart(), raw.lineEnd())) {
        if (n >= countFrom) {
          dropped++;
        }
        scheduled++;
        continue;
      }
      pendingLine = raw.decode();
      pendingNumber = n;
      pendingSlot = scheduled++;
      return true;
    }
  }

  /**
   * Lines one {@link #nextBatch} may pass over: a filter that keeps nothing, or a resume line far
   * into the split, would otherwise keep the task loop scanning for seconds, with no acks, commits
   * or stop handled meanwhile. 16 batches' worth is a few MB, a few ms of scanning.
   */
  private int scanBudget() {
    return Math.max(4_096, 16 * role.batchLines());
  }

  /**
   * Whether the last {@link #nextBatch} stopped at its scan budget rather than for lack of input or
   * of due tuples: the caller should ask again on its next turn.
   */
  boolean scanPaused() {
    return scanPaused;
  }

  /** {@link #readNext} for a reader without bytes: every line is decoded, none filtered here. */
  private boolean readNextDecoded() throws IOException {
    while (true) {
      if (scanLeft-- <= 0) {
        scanPaused = true;
        return false;
      }
      String line = reader.next();
      if (line == null) {
        return false;
      }
      long n = reader.lineNumber();
      if (n < resumeLine || (role.header() && n == 1)) {
        continue;
      }
      pendingLine = line;
      pendingNumber = n;
      pendingSlot = scheduled++;
      return true;
    }
  }

  boolean done() {
    return done;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
