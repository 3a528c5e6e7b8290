package org.dsuite.rainstorm.engine.task;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dsuite.common.time.Clock;
import org.dsuite.rainstorm.engine.core.Actions;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.Router;
import org.dsuite.rainstorm.engine.core.TaskCore;
import org.dsuite.rainstorm.engine.core.TaskCoreConfig;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.core.TaskLogic;
import org.dsuite.rainstorm.engine.core.TaskRecovery;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.dsuite.rainstorm.engine.log.RecoveredLog;
import org.dsuite.rainstorm.engine.log.TaskLogConfig;
import org.dsuite.rainstorm.engine.log.TaskLogReader;
import org.dsuite.rainstorm.engine.log.TaskLogWriter;
import org.dsuite.rainstorm.engine.net.DataPlaneServer;
import org.dsuite.rainstorm.engine.task.stats.LatencyRecorder;
import org.dsuite.rainstorm.engine.task.stats.LatencyTimeline;
import org.dsuite.rainstorm.engine.task.stats.StageAges;
import org.dsuite.rainstorm.engine.task.stats.TaskStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shell around one {@link TaskCore}: recovers it from its log, then runs it on one thread,
 * feeding it source lines or received batches, group-committing its records to the {@link
 * TaskLogWriter}, and carrying out its actions (send, ack, write the destination). Received batches
 * wait in a small bounded queue that the loop drains only while the core accepts input, so a full
 * task blocks the data-plane reader, which withholds credit from the senders.
 *
 * <p>Other threads hand the loop work without waking it while it runs: batches, acks and moves go
 * into lock-free queues, the log flusher publishes the durable LSN in a volatile field, and each
 * rings a {@link LoopSignal}, which unparks the loop only if it is parked. One wake-up then drains
 * everything available: every control item, the latest durable LSN (one {@code onDurable} for
 * however many commits it covers), and up to {@link #MAX_BATCHES_PER_TURN} batches.
 */
public final class TaskRunner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
  private static final long TICK_MS = 5;
  private static final int MAX_BATCHES_PER_TURN = 8;

  private final TaskKey key;
  private final TaskRole role;
  private final Clock clock;
  private final TaskCore core;
  private final TaskLogWriter writer; // null in at-least-once mode
  private final TaskEffects effects;

  /** A received batch and the credit to return once it is consumed. */
  private record Inbound(org.dsuite.rainstorm.engine.net.Frame.Batch batch, Runnable credit) {}

  // Bounded by the data plane's credits: at most max-in-flight-batches per connection.
  private final Queue<Inbound> batches = new ConcurrentLinkedQueue<>();
  private final Queue<Runnable> control = new ConcurrentLinkedQueue<>();
  private final Thread loop;
  private final LoopSignal signal;
  private volatile long durableLsn; // published by the log flusher; 0 = none yet
  private long handledDurableLsn; // loop thread only
  private SourceSplit source;
  private TaskLogic logic; // set by start, before the loop runs
  private SinkWriter sink;
  private final String incarnation =
      Long.toString(System.currentTimeMillis(), 36)
          + Integer.toString(ThreadLocalRandom.current().nextInt() >>> 1, 36);
  private volatile boolean quiet;
  private boolean moreInput; // loop thread only
  private final List<DataPlaneServer.Credit> consumedCredits = new ArrayList<>(); // loop thread
  private volatile boolean stopped;
  private volatile Throwable failure;

  private TaskRunner(
      TaskKey key,
      TaskRole role,
      Outbound out,
      Clock clock,
      TaskLogConfig logConfig,
      TaskCore core,
      TaskLogWriter writer) {
    this.key = key;
    this.role = role;
    this.clock = clock;
    this.core = core;
    this.writer = writer;
    this.effects = new TaskEffects(core, writer, logConfig, new TaskSends(key, out));
    this.loop = new Thread(this::run, "task-" + key);
    this.loop.setDaemon(true);
    this.signal = new LoopSignal(loop);
  }

  /**
   * Recovers the task from {@code logDir} and starts it.
   *
   * @throws IOException if the log cannot be read or the source or destination opened
   */
  public static TaskRunner start(
      TaskKey key,
      TaskLogic logic,
      Router router,
      TaskRole role,
      FileSystem logFs,
      Path logDir,
      TaskLogConfig logConfig,
      TaskCoreConfig coreConfig,
      Outbound out,
      Clock clock)
      throws IOException {
    RecoveredLog rec = TaskLogReader.recover(logFs, logDir, logConfig);
    TaskCore core =
        TaskRecovery.recover(key, logic, router, coreConfig, rec.snapshot(), rec.tail());
    TaskRunner[] self = new TaskRunner[1];
    TaskLogWriter writer =
        TaskLogWriter.open(
            logFs,
            logDir,
            rec.nextLsn(),
            logConfig,
            new TaskLogWriter.Listener() {
              @Override
              public void onDurable(long lsn) {
                self[0].durableLsn = lsn; // one flusher thread, LSNs only grow
                self[0].signal.ring();
              }

              @Override
              public void onFailure(IOException e) {
                self[0].fail(e);
              }
            });
    TaskRunner r = new TaskRunner(key, role, out, clock, logConfig, core, writer);
    r.logic = logic;
    r.effects.recovered(rec.tail());
    self[0] = r;
    try {
      r.openEnds();
    } catch (IOException | RuntimeException e) {
      writer.abort();
      throw e;
    }
    if (rec.snapshot().lsn() > 0 || !rec.tail().isEmpty()) {
      r.pipelineReady(); // a restarted source: its input is already due, it never waits
    }
    log.info(
        "task {} recovered: snapshot lsn {}, {} tail records, next lsn {}",
        key,
        rec.snapshot().lsn(),
        rec.tail().size(),
        rec.nextLsn());
    r.loop.start();
    return r;
  }

  /**
   * Starts a task in at-least-once mode: no log, every record counts as durable at once, nothing
   * survives a crash (a restarted task starts empty, so replayed inputs are counted again). For
   * comparison with exactly-once.
   */
  public static TaskRunner startAtLeastOnce(
      TaskKey key,
      TaskLogic logic,
      Router router,
      TaskRole role,
      TaskCoreConfig coreConfig,
      Outbound out,
      Clock clock)
      throws IOException {
    // A fresh incarnation per start: with no log, output numbering cannot continue where it was.
    int incarnation = java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 1 << 24);
    TaskCore core = TaskCore.atLeastOnce(key, incarnation, logic, router, coreConfig);
    TaskRunner r = new TaskRunner(key, role, out, clock, TaskLogConfig.defaults(), core, null);
    r.logic = logic;
    r.openEnds();
    r.loop.start();
    return r;
  }

  private void openEnds() throws IOException {
    if (role instanceof TaskRole.Source s) {
      // Recovered lines are passed over unread; lines the filter drops count from where the
      // recovered ones end.
      source = new SourceSplit(s, key.task(), core.sourceResumeLine(), core.sourceLinesDoneBelow());
    } else if (role instanceof TaskRole.Sink s) {
      sink =
          writer == null
              ? SinkWriter.openAtLeastOnce(s, signal::ring)
              : SinkWriter.open(s, core.destOffset(), core.unacked(), clock.nowMs(), signal::ring);
      effects.sink(sink);
    }
  }

  /**
   * Hands a received batch to the task without blocking; {@code credit} runs when the task has
   * consumed it (or dropped it, if the task stopped), returning the sender's credit.
   */
  public void offer(org.dsuite.rainstorm.engine.net.Frame.Batch b, Runnable credit) {
    if (stopped) {
      credit.run(); // dropped: the upstream resends to this task's next incarnation
      return;
    }
    if (StageAges.ON && !b.tuples().isEmpty()) {
      StageAges.record(
          "s" + key.stage() + "-1recv", b.tuples().get(0).stampMicros(), WallMicros.now());
    }
    batches.add(new Inbound(b, credit));
    signal.ring();
    if (stopped) {
      releaseQueued();
    }
  }

  private void releaseQueued() {
    for (Inbound in = batches.poll(); in != null; in = batches.poll()) {
      in.credit().run();
    }
  }

  /** Downstream acknowledged these outputs. */
  public void acked(List<TupleId> ids) {
    control.add(() -> handle(core.onAcked(now(), ids)));
    signal.ring();
  }

  /** Downstream task {@code task} moved: resend what it has not acknowledged. */
  public void downstreamMoved(int task) {
    control.add(() -> handle(core.onReassigned(now(), task)));
    signal.ring();
  }

  public TaskKey key() {
    return key;
  }

  /**
   * True when the task has nothing in flight: no unacknowledged output, no queued input, and (for a
   * source) the whole file read. Once every upstream task is quiet too, this task is done.
   */
  public boolean isQuiet() {
    return quiet;
  }

  /**
   * Every task of the job is up (the worker saw each report from its assigned worker): a paced
   * source starts its schedule now ({@link SourceSplit}). Any thread; no-op for other tasks.
   */
  public void pipelineReady() {
    SourceSplit s = source;
    if (s != null && s.pipelineReady()) {
      signal.ring();
    }
  }

  public boolean sourceDone() {
    return source != null && source.done();
  }

  /** Why the task stopped, or null. */
  public Throwable failure() {
    return failure;
  }

  /** The highest log LSN known durable (0 = none yet, or not logged). */
  long durableLsn() {
    return durableLsn;
  }

  public long inputsProcessed() {
    return core.inputsProcessed() + sourceLinesDropped();
  }

  /**
   * Source lines the chained filter dropped on their bytes: processed inputs the core never saw.
   */
  private long sourceLinesDropped() {
    SourceSplit s = source;
    return s == null ? 0 : s.linesDropped();
  }

  /**
   * This incarnation's statistics (any thread): inputs, malformed inputs, and for a sink the
   * destination length that is final and the source-to-durable latencies.
   */
  public TaskStats stats() {
    SinkWriter s = sink;
    return new TaskStats(
        incarnation,
        inputsProcessed(),
        core.inputsFailed() - (logic instanceof FatalLogic f ? f.inputsRefused() : 0),
        s == null ? -1 : s.durableBytes(),
        s == null ? -1 : s.firstDurableAtMs(),
        s == null ? LatencyRecorder.empty() : s.latency().cumulative(),
        source == null ? -1 : source.clockStartWallMs(),
        s == null ? new LatencyTimeline() : s.latency().timeline());
  }

  /**
   * What the task holds and waits for, for a worker's "no progress" warning; read off the task's
   * thread, so approximate: inputs processed, outputs held (and whether that bound stops its input:
   * it waits for acks), inputs left unacknowledged above a gap (it waits for a resend), log LSNs
   * appended and durable (it waits for its log), queued batches, and for a source or sink its end.
   */
  public String describe() {
    StringBuilder b =
        new StringBuilder()
            .append("inputs ")
            .append(inputsProcessed())
            .append(", outputs held ")
            .append(core.inFlight())
            .append(core.canAccept() ? "" : " (full: waits for acks)")
            .append(", resent ")
            .append(core.outputsResent())
            .append(", inputs deferred ")
            .append(core.inputsDeferred())
            .append(", duplicates ")
            .append(core.duplicatesDropped())
            .append(", lsn ")
            .append(core.lastLsn())
            .append(" durable ")
            .append(core.durableLsn())
            .append(", queued batches ")
            .append(batches.size());
    if (source != null) {
      b.append(", source ").append(source.done() ? "done" : "reading");
    }
    if (sink != null) {
      b.append(", sink unflushed ").append(sink.writtenUnacked());
    }
    if (failure != null) {
      b.append(", failed: ").append(failure);
    }
    return b.toString();
  }

  /** For a sink: lines written to the destination since its last durable flush. */
  public int writtenUnacked() {
    return sink == null ? 0 : sink.writtenUnacked();
  }

  private long now() {
    return clock.nowMs();
  }

  private void run() {
    long nextTick = 0;
    try {
      while (!stopped) {
        signal.await(waitMicros() * 1000, this::hasWork);
        for (Runnable c = control.poll(); c != null && !stopped; c = control.poll()) {
          c.run();
        }
        long durable = durableLsn;
        if (durable > handledDurableLsn && !stopped) {
          handledDurableLsn = durable;
          handle(core.onDurable(now(), durable));
        }
        long now = now();
        if (now >= nextTick) {
          handle(core.onTick(now));
          nextTick = now + TICK_MS;
        }
        try {
          moreInput = feed();
        } finally {
          returnCredits();
        }
        handle(effects.releaseUnlogged(now));
        if (sink != null) {
          // Idle = nothing queued: flush now rather than wait for the next batch (group commit).
          effects.sinkTurn(now, batches.isEmpty());
        }
        quiet =
            core.inFlight() == 0
                && batches.isEmpty()
                && (source == null || source.done())
                && (sink == null || sink.writtenUnacked() == 0);
      }
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  /**
   * Whether the loop has something to do before its timed wake-up: a control item, a durable LSN
   * not yet handled, a finished destination flush, or a batch the core can take (a full core waits
   * for acks, which are control items, or the tick: waking it per arriving batch would change
   * nothing).
   */
  private boolean hasWork() {
    return stopped
        || !control.isEmpty()
        || durableLsn > handledDurableLsn
        || (sink != null && sink.flushDone())
        || (!batches.isEmpty() && core.canAccept());
  }

  /**
   * How long the loop may sleep when nothing arrives: one tick, or for a paced source with room,
   * until its next tuple is due (at least its role's {@code pacedWaitMicros}, so a batch gathers
   * that long's worth of tuples rather than one): its stamp is the due time, so oversleeping a tick
   * would add up to a tick of latency to every tuple.
   */
  private long waitMicros() {
    if (moreInput) {
      return 0; // the last turn stopped at its batch limit: go on after a look at control
    }
    long tick = TICK_MS * 1000;
    if (source == null || source.done() || !core.canAccept()) {
      return tick;
    }
    long gate = source.microsUntilReadable();
    return Math.max(
        gate > 0 ? gate : source.pacedWaitMicros(), Math.min(tick, source.microsUntilDue()));
  }

  /**
   * Feeds input to the core while it accepts, at most {@link #MAX_BATCHES_PER_TURN} batches, so
   * durability notices, acks and ticks are handled between them; true if input is left over.
   */
  private boolean feed() throws IOException {
    for (int turn = 0; core.canAccept() && !stopped; turn++) {
      if (turn == MAX_BATCHES_PER_TURN) {
        return true;
      }
      List<DataTuple> in;
      int from;
      if (source != null) {
        in = source.nextBatch(); // empty while a paced source lets due tuples gather
        from = -1;
        if (in.isEmpty()) {
          return source.scanPaused(); // passed over many lines: handle the rest, then read on
        }
      } else {
        Inbound b = batches.poll();
        if (b == null) {
          return false;
        }
        if (b.credit() instanceof DataPlaneServer.Credit c) {
          c.release(); // written once per connection at the end of the turn
          consumedCredits.add(c);
        } else {
          b.credit().run();
        }
        in = b.batch().tuples();
        from = b.batch().fromTask();
      }
      if (StageAges.ON && !in.isEmpty()) {
        StageAges.record("s" + key.stage() + "-2fed", in.get(0).stampMicros(), WallMicros.now());
      }
      Actions a = core.onInputs(now(), from, in);
      if (logic instanceof FatalLogic f && f.fatal() != null) {
        // Not logged: a restarted task (new process) processes this batch again.
        throw new IOException("task " + key + ": " + f.fatal().getMessage(), f.fatal());
      }
      handle(a);
    }
    return false;
  }

  /** Writes the credits of the batches consumed this turn: one frame per connection. */
  private void returnCredits() {
    for (DataPlaneServer.Credit c : consumedCredits) {
      c.flush(); // after the first of a connection, a no-op
    }
    consumedCredits.clear();
  }

  private void handle(Actions a) {
    try {
      effects.handle(a, now());
    } catch (IOException e) {
      fail(e);
    }
  }

  private void fail(Throwable e) {
    if (failure == null) {
      failure = e;
      log.error("task {} failed", key, e);
    }
    stopped = true;
    signal.ring();
  }

  /** Stops as a crash would: no flush, no close; whatever the log holds is what a restart finds. */
  public void abort() {
    stopped = true;
    loop.interrupt();
    join();
    if (writer != null) {
      writer.abort();
    }
    if (sink != null) {
      sink.abort(); // its flush thread must not write the destination after a restart opened it
    }
    releaseQueued();
    closeLogic();
  }

  /** Ends an operator the task owns (an executable's process). */
  private void closeLogic() {
    if (logic instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        log.warn("task {}: closing its operator: {}", key, e.toString());
      }
    }
  }

  /** Stops after flushing the log and closing the source and destination. */
  @Override
  public void close() throws IOException {
    stopped = true;
    join();
    releaseQueued();
    try {
      if (writer != null) {
        writer.close();
      }
    } finally {
      if (source != null) {
        source.close();
      }
      if (sink != null) {
        sink.close();
      }
      closeLogic();
    }
  }

  private void join() {
    try {
      loop.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
