package org.dsuite.rainstorm.engine.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The exactly-once bookkeeping of one task, as a pure single-threaded state machine.
 *
 * <ul>
 *   <li>An input whose ID was already processed is dropped (and acknowledged again once durable,
 *       because the upstream resent it for want of an ack). What was processed is kept in bounded
 *       memory as per-stream high-water marks ({@link Dedupe}); an input too far ahead of its
 *       stream's mark is left unacknowledged for the upstream to resend later.
 *   <li>Each output gets the next number of the stream to its downstream task ({@link
 *       TupleId#sequenced}), logged with it.
 *   <li>A new input is processed by the {@link TaskLogic}; the result (input ID, state changes,
 *       outputs with their destinations) becomes one log record to append.
 *   <li>Only when the shell reports that record durable ({@link #onDurable}) are the outputs sent
 *       and the input acknowledged upstream: nothing downstream ever depends on a record a crash
 *       could lose.
 *   <li>Sent outputs stay in the unacked buffer until downstream acknowledges them; they are sent
 *       again after a timeout ({@link #onTick}) or when their task moves ({@link #onReassigned}).
 *       The buffer's bound is the backpressure: {@link #canAccept()} turns false at the bound.
 *   <li>{@link #snapshot()} plus the records after it rebuild the task exactly ({@link
 *       TaskRecovery}).
 * </ul>
 */
public final class TaskCore {
  static final long NEVER_SENT = Long.MIN_VALUE;

  private final int stage;
  private final int task;
  private final int incarnation;
  private final boolean exactlyOnce;
  private final TaskLogic logic;
  private final Router router;
  private final TaskCoreConfig config;

  final Dedupe processed;

  /** Last sequence number given to an output, per downstream task. */
  final Map<Integer, Long> lastSeq = new HashMap<>();

  final Map<String, String> state = new HashMap<>();
  final LinkedHashMap<TupleId, Inflight> unacked = new LinkedHashMap<>();

  /**
   * Recovered outputs logged without content, by their source line; they wait (unsent) until the
   * restarted source offers that line again.
   */
  final Map<Long, TupleId> awaitingContent = new HashMap<>();

  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private int pendingOutputs;
  long lastLsn;
  private long durableLsn;
  long destOffset = -1;

  private long inputsProcessed;
  private long duplicatesDropped;
  private long outputsResent;
  private long inputsFailed;
  private long inputsDeferred;
  private String lastFailure;

  /** An output sent (or to be sent) and not yet acknowledged. */
  static final class Inflight {
    Output output;
    long lastSentMs;

    /** The source line whose content this output carries (logged without it), or -1. */
    final long sourceLine;

    Inflight(Output output, long lastSentMs, long sourceLine) {
      this.output = output;
      this.lastSentMs = lastSentMs;
      this.sourceLine = sourceLine;
    }

    /** The form a log record or snapshot holds. */
    Output logged() {
      return sourceLine < 0 ? output : Output.contentless(output.id(), output.toTask(), sourceLine);
    }
  }

  /** Something waiting for the log to become durable up to {@code lsn}. */
  private record Pending(long lsn, int fromTask, TupleId input, List<Output> outputs) {}

  /**
   * An exactly-once task.
   *
   * @param key this task's stage (0 = source) and index; part of every output ID
   * @param router picks the downstream task of each output
   */
  public TaskCore(TaskKey key, TaskLogic logic, Router router, TaskCoreConfig config) {
    this(key, 0, true, logic, router, config);
  }

  /**
   * An at-least-once task: nothing survives a restart, so its dedupe starts empty and an input
   * beyond the window is processed rather than deferred (a resend of it may count twice), and its
   * outputs are numbered in incarnation {@code incarnation}, which the shell picks afresh for every
   * start (a restarted task has no log to continue its numbers from, so without a new incarnation
   * its outputs would reuse IDs downstream already saw).
   */
  public static TaskCore atLeastOnce(
      TaskKey key, int incarnation, TaskLogic logic, Router router, TaskCoreConfig config) {
    return new TaskCore(key, incarnation, false, logic, router, config);
  }

  private TaskCore(
      TaskKey key,
      int incarnation,
      boolean exactlyOnce,
      TaskLogic logic,
      Router router,
      TaskCoreConfig config) {
    TupleId.stream(key.stage(), key.task(), 0, incarnation); // validates the ranges
    this.stage = key.stage();
    this.task = key.task();
    this.incarnation = incarnation;
    this.exactlyOnce = exactlyOnce;
    this.logic = Objects.requireNonNull(logic, "logic");
    this.router = Objects.requireNonNull(router, "router");
    this.config = Objects.requireNonNull(config, "config");
    this.processed = new Dedupe(config.dedupeWindow());
  }

  /**
   * True while the unacked buffer has room; the shell stops taking input when it is false. Outputs
   * waiting for their content do not count: the source must keep reading to refill them.
   */
  public boolean canAccept() {
    return inFlight() - awaitingContent.size() < config.maxUnackedOutputs();
  }

  /** Outputs held: not yet durable, or sent and not yet acknowledged. */
  public int inFlight() {
    return pendingOutputs + unacked.size();
  }

  /** Handles a batch of inputs from upstream task {@code fromTask} (-1 for source lines). */
  public Actions onInputs(long nowMs, int fromTask, List<DataTuple> batch) {
    Actions.Builder out = new Actions.Builder();
    for (DataTuple t : batch) {
      onInput(nowMs, fromTask, t, out);
    }
    return out.build();
  }

  private void onInput(long nowMs, int fromTask, DataTuple t, Actions.Builder out) {
    Dedupe.Verdict verdict = processed.check(t.id());
    if (verdict == Dedupe.Verdict.AHEAD && exactlyOnce) {
      inputsDeferred++; // not acknowledged: the upstream resends it once the gap below is filled
      return;
    }
    if (verdict == Dedupe.Verdict.DUPLICATE) {
      duplicatesDropped++;
      if (!awaitingContent.isEmpty() && t.id().isSource()) {
        refill(nowMs, t, out);
      }
      if (durableLsn >= lastLsn) {
        out.ack(new Ack(fromTask, t.id()));
      } else {
        // The original record is at or before lastLsn: ack once everything so far is durable.
        pending.add(new Pending(lastLsn, fromTask, t.id(), List.of()));
      }
      return;
    }
    RecordingState view = new RecordingState(state);
    List<DataTuple> emitted = new ArrayList<>(2);
    List<StateChange> changes;
    List<Output> outputs;
    try {
      logic.process(t, view, (k, v) -> emitted.add(new DataTuple(t.id(), k, v)));
      outputs = new ArrayList<>(emitted.size());
      int[] to = new int[emitted.size()];
      for (int k = 0; k < emitted.size(); k++) {
        DataTuple e = emitted.get(k);
        // Routing reads the tuple too; it sees the input-derived hash ID (an even spread).
        to[k] = router.route(new DataTuple(t.id().child(stage, k), e.key(), e.value()));
      }
      changes = view.commit();
      for (int k = 0; k < emitted.size(); k++) {
        DataTuple e = emitted.get(k);
        long stream = TupleId.stream(stage, task, to[k], incarnation);
        TupleId id = TupleId.sequenced(stream, lastSeq.merge(to[k], 1L, Long::sum));
        outputs.add(new Output(new DataTuple(id, e.key(), e.value()), to[k]));
      }
    } catch (RuntimeException e) {
      // A deterministic operator (or router) fails the same way on replay, so the input counts
      // as processed with no effect; the failure is counted and surfaced, never retried forever.
      inputsFailed++;
      lastFailure = t.id() + ": " + e;
      outputs = List.of();
      changes = List.of();
    }
    long lsn = ++lastLsn;
    List<Output> logged = outputs;
    if (elides(t, outputs)) {
      Output o = outputs.get(0);
      logged = List.of(Output.contentless(o.id(), o.toTask(), t.id().lo()));
    }
    if (verdict == Dedupe.Verdict.NEW) {
      // At-least-once processes an input too far ahead without remembering it: after a restart
      // (empty dedupe, upstream numbers far along) that is every input, and a resend counts again.
      processed.add(t.id());
    }
    inputsProcessed++;
    pendingOutputs += outputs.size();
    pending.add(new Pending(lsn, fromTask, t.id(), outputs));
    out.append(new LogRecord.Processed(lsn, t.id(), fromTask, changes, logged));
  }

  /**
   * A source task's single output per line is logged without its content: the source's log then
   * holds IDs, not a copy of the input file. Contract with the shell: a restarted source offers its
   * whole split again from the first line (duplicates are cheap to drop), so every such output is
   * refilled ({@link #refill}); a source that resumed mid-split would leave them unsent forever.
   */
  private boolean elides(DataTuple input, List<Output> outputs) {
    return stage == 0 && input.id().isSource() && outputs.size() == 1;
  }

  /** The source offered line {@code t} again: give its recovered output its content back. */
  private void refill(long nowMs, DataTuple t, Actions.Builder out) {
    TupleId id = awaitingContent.remove(t.id().lo());
    if (id == null) {
      return;
    }
    Inflight f = unacked.remove(id);
    if (f == null) {
      return; // acknowledged meanwhile
    }
    List<DataTuple> emitted = new ArrayList<>(1);
    logic.process(t, new RecordingState(state), (k, v) -> emitted.add(new DataTuple(id, k, v)));
    if (emitted.size() != 1) {
      throw new IllegalStateException(
          "source line " + t.id() + " produced " + emitted.size() + " outputs on replay, not 1");
    }
    f.output = new Output(emitted.get(0), f.output.toTask());
    f.lastSentMs = nowMs;
    unacked.put(id, f); // at the end: keeps last-sent order
    out.send(f.output);
  }

  /** The log is durable up to and including {@code lsn}: release its outputs and acks. */
  public Actions onDurable(long nowMs, long lsn) {
    if (lsn > lastLsn) {
      throw new IllegalStateException("durable lsn " + lsn + " beyond last lsn " + lastLsn);
    }
    if (lsn <= durableLsn) {
      return Actions.NONE;
    }
    durableLsn = lsn;
    Actions.Builder out = new Actions.Builder();
    while (!pending.isEmpty() && pending.peekFirst().lsn() <= lsn) {
      Pending p = pending.pollFirst();
      long line = elides(new DataTuple(p.input(), "", ""), p.outputs()) ? p.input().lo() : -1;
      for (Output o : p.outputs()) {
        unacked.put(o.id(), new Inflight(o, nowMs, line));
        out.send(o);
      }
      pendingOutputs -= p.outputs().size();
      out.ack(new Ack(p.fromTask(), p.input()));
    }
    return out.build();
  }

  /** Downstream acknowledged outputs; logs that (lazily) so a restart does not resend them. */
  public Actions onAcked(long nowMs, List<TupleId> outputs) {
    return onAcked(nowMs, outputs, -1);
  }

  /**
   * A sink's destination now holds exactly the acknowledged outputs up to {@code destOffset} bytes;
   * a restart truncates the destination there and rewrites what is unacked.
   */
  public Actions onAcked(long nowMs, List<TupleId> outputs, long destOffset) {
    List<TupleId> removed = new ArrayList<>(outputs.size());
    for (TupleId id : outputs) {
      Inflight f = unacked.remove(id);
      if (f != null) {
        removed.add(id);
        if (!f.output.hasContent()) {
          awaitingContent.remove(f.sourceLine);
        }
      }
    }
    if (removed.isEmpty() && destOffset < 0) {
      return Actions.NONE;
    }
    if (destOffset >= 0) {
      this.destOffset = destOffset;
    }
    Actions.Builder out = new Actions.Builder();
    out.append(new LogRecord.Acked(++lastLsn, removed, destOffset));
    return out.build();
  }

  /** Resends outputs unacknowledged for longer than the resend timeout. */
  public Actions onTick(long nowMs) {
    List<Inflight> due = new ArrayList<>();
    for (Iterator<Inflight> it = unacked.values().iterator(); it.hasNext(); ) {
      Inflight f = it.next();
      if (f.lastSentMs != NEVER_SENT && nowMs - f.lastSentMs < config.resendTimeoutMs()) {
        break; // entries are kept in last-sent order, so the rest are younger
      }
      if (!f.output.hasContent()) {
        continue; // sent once the source offers its line again
      }
      due.add(f);
      it.remove();
    }
    return resend(nowMs, due);
  }

  /** Downstream task {@code toTask} moved to another worker: resend everything it has not acked. */
  public Actions onReassigned(long nowMs, int toTask) {
    List<Inflight> due = new ArrayList<>();
    for (Iterator<Inflight> it = unacked.values().iterator(); it.hasNext(); ) {
      Inflight f = it.next();
      if (f.output.toTask() == toTask && f.output.hasContent()) {
        due.add(f);
        it.remove();
      }
    }
    return resend(nowMs, due);
  }

  private Actions resend(long nowMs, List<Inflight> due) {
    if (due.isEmpty()) {
      return Actions.NONE;
    }
    Actions.Builder out = new Actions.Builder();
    for (Inflight f : due) {
      if (f.lastSentMs != NEVER_SENT) {
        outputsResent++;
      }
      f.lastSentMs = nowMs;
      unacked.put(f.output.id(), f); // re-inserted at the end: keeps last-sent order
      out.send(f.output);
    }
    return out.build();
  }

  /**
   * The task's state as of the last record handed out. The shell writes it once the log is durable
   * up to {@link Snapshot#lsn()}; the records up to there can then be dropped.
   */
  public Snapshot snapshot() {
    List<Output> all = new ArrayList<>(inFlight());
    for (Inflight f : unacked.values()) {
      all.add(f.logged());
    }
    for (Pending p : pending) {
      if (elides(new DataTuple(p.input(), "", ""), p.outputs())) {
        Output o = p.outputs().get(0);
        all.add(Output.contentless(o.id(), o.toTask(), p.input().lo()));
      } else {
        all.addAll(p.outputs());
      }
    }
    return new Snapshot(lastLsn, processed.marks(), lastSeq, state, all, destOffset);
  }

  /** Called by recovery: everything replayed from the log is durable. */
  void markAllDurable() {
    durableLsn = lastLsn;
  }

  public int stage() {
    return stage;
  }

  public long lastLsn() {
    return lastLsn;
  }

  public long durableLsn() {
    return durableLsn;
  }

  /** For a sink: destination length holding exactly the acknowledged outputs, or -1. */
  public long destOffset() {
    return destOffset;
  }

  /** A read-only view of the keyed state. */
  public Map<String, String> stateView() {
    return java.util.Collections.unmodifiableMap(state);
  }

  public boolean hasProcessed(TupleId id) {
    return processed.contains(id);
  }

  /** Entries the dedupe holds (marks plus numbers above them): bounded by streams + window. */
  public int dedupeSize() {
    return processed.size();
  }

  /** Inputs left unacknowledged because they were too far ahead of their stream's mark. */
  public long inputsDeferred() {
    return inputsDeferred;
  }

  public long inputsProcessed() {
    return inputsProcessed;
  }

  public long duplicatesDropped() {
    return duplicatesDropped;
  }

  public long outputsResent() {
    return outputsResent;
  }

  public long inputsFailed() {
    return inputsFailed;
  }

  /** The last operator failure, or null. */
  public String lastFailure() {
    return lastFailure;
  }
}
