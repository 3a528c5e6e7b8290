package org.dsuite.rainstorm.engine.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dsuite.rainstorm.engine.core.OutputBuffer.Inflight;

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
 *   <li>A batch of inputs is processed by the {@link TaskLogic} one input at a time; the batch's
 *       new inputs, their state changes and outputs become <em>one</em> log record to append.
 *   <li>Only when the shell reports that record durable ({@link #onDurable}) are the batch's
 *       outputs sent and its inputs acknowledged upstream: nothing downstream ever depends on a
 *       record a crash could lose.
 *   <li>Sent outputs stay in the unacked buffer ({@link OutputBuffer}) until downstream
 *       acknowledges them; they are sent again after a timeout ({@link #onTick}) or when their task
 *       moves ({@link #onReassigned}). The buffer's bound is the backpressure: {@link #canAccept()}
 *       turns false at the bound.
 *   <li>{@link #snapshot()} plus the records after it rebuild the task exactly ({@link
 *       TaskRecovery}).
 * </ul>
 */
public final class TaskCore {
  private final int stage;
  private final int task;
  private final int incarnation;
  private final boolean exactlyOnce;
  private final TaskLogic logic;
  private final Router router;
  private final TaskCoreConfig config;

  final Dedupe processed;
  final OutputBuffer buffer = new OutputBuffer();
  final Map<String, String> state = new HashMap<>();

  private final StreamNumbers numbers;

  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final AckHolds holds = new AckHolds(); // at-least-once only
  private int pendingOutputs;
  long lastLsn;
  private long durableLsn;
  long destOffset = -1;

  // Reused for every input: an input that emits one tuple and touches no state allocates little.
  private final RecordingState view;
  private final List<String> emittedKeys = new ArrayList<>(4);
  private final List<String> emittedValues = new ArrayList<>(4);
  private int[] routes = new int[4];
  private final TaskLogic.Emitter emitter =
      (k, v) -> {
        // Both checked before either list grows: an operator that catches the exception and goes
        // on must not leave the lists of unequal length.
        Objects.requireNonNull(k, "emitted key");
        Objects.requireNonNull(v, "emitted value");
        emittedKeys.add(k);
        emittedValues.add(v);
      };

  private long inputsProcessed;
  private long duplicatesDropped;
  private long inputsFailed;
  private long inputsDeferred;
  private String lastFailure;

  /**
   * A logged batch waiting to become durable: then its outputs are sent and {@code acks} (its new
   * inputs, and duplicates that arrived while earlier records were not durable yet) acknowledged.
   */
  private record Pending(long lsn, int fromTask, List<TupleId> acks, List<Inflight> outputs) {}

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
    this.view = new RecordingState(state);
    this.numbers = new StreamNumbers(stage, task, incarnation);
  }

  /**
   * True while the unacked buffer has room; the shell stops taking input when it is false. Outputs
   * waiting for their content do not count: the source must keep reading to refill them.
   */
  public boolean canAccept() {
    return inFlight() - buffer.awaiting() < config.maxUnackedOutputs();
  }

  /** Outputs held: not yet durable, or sent and not yet acknowledged. */
  public int inFlight() {
    return pendingOutputs + buffer.size();
  }

  /**
   * Handles a batch of inputs from upstream task {@code fromTask} (-1 for source lines): at most
   * one log record for the whole batch.
   */
  public Actions onInputs(long nowMs, int fromTask, List<DataTuple> batch) {
    Actions.Builder out = new Actions.Builder();
    List<LogRecord.Entry> entries = null;
    List<Inflight> outputs = null;
    List<TupleId> acks = null;
    for (DataTuple t : batch) {
      Dedupe.Verdict verdict = processed.check(t.id());
      if (verdict == Dedupe.Verdict.AHEAD && exactlyOnce) {
        inputsDeferred++; // not acknowledged: the upstream resends it once the gap below is filled
        continue;
      }
      if (verdict == Dedupe.Verdict.DUPLICATE) {
        duplicatesDropped++;
        if (t.id().isSource()) {
          refill(nowMs, t, out);
        }
        if (!exactlyOnce && holds.isHeld(t.id())) {
          continue; // the original's (held) ack covers this resend
        }
        if (entries == null && durableLsn >= lastLsn) {
          out.ack(new Ack(fromTask, t.id()));
        } else {
          // Its original is in a record not yet durable (an earlier one, or this batch's).
          acks = add(acks, t.id(), batch.size());
        }
        continue;
      }
      if (entries == null) {
        entries = new ArrayList<>(batch.size());
        outputs = new ArrayList<>(batch.size());
      }
      entries.add(process(t, outputs));
      if (!exactlyOnce) {
        holds.processed(t.id());
      }
      if (verdict == Dedupe.Verdict.NEW) {
        // At-least-once processes an input too far ahead without remembering it: after a restart
        // (empty dedupe, upstream numbers far along) that is every input, and a resend counts
        // again.
        processed.add(t.id());
      }
      acks = add(acks, t.id(), batch.size());
    }
    if (entries != null) {
      long lsn = ++lastLsn;
      pendingOutputs += outputs.size();
      pending.add(new Pending(lsn, fromTask, acks, outputs));
      out.append(new LogRecord.Processed(lsn, fromTask, entries));
    } else if (acks != null) {
      pending.add(new Pending(lastLsn, fromTask, acks, List.of()));
    }
    return out.build();
  }

  private static List<TupleId> add(List<TupleId> list, TupleId id, int capacity) {
    List<TupleId> l = list == null ? new ArrayList<>(capacity) : list;
    l.add(id);
    return l;
  }

  /** Runs the logic on one new input; returns its log entry and adds its outputs to {@code out}. */
  private LogRecord.Entry process(DataTuple t, List<Inflight> out) {
    emittedKeys.clear();
    emittedValues.clear();
    view.begin();
    List<StateChange> changes;
    int n;
    int[] to;
    try {
      logic.process(t, view, emitter);
      n = emittedKeys.size();
      if (routes.length < n) {
        routes = new int[Math.max(n, routes.length * 2)];
      }
      to = routes;
      boolean byId = router.readsId();
      for (int k = 0; k < n; k++) {
        // Routing reads the tuple too; a router by ID sees the input-derived hash ID (an even
        // spread), which costs two hashes and an object, so the others get the input's ID.
        to[k] =
            router.route(
                new DataTuple(
                    byId ? t.id().child(stage, k) : t.id(),
                    emittedKeys.get(k),
                    emittedValues.get(k)));
      }
      changes = view.commit();
    } catch (RuntimeException e) {
      // A deterministic operator (or router) fails the same way on replay, so the input counts
      // as processed with no effect; the failure is counted and surfaced, never retried forever.
      inputsFailed++;
      lastFailure = t.id() + ": " + e;
      inputsProcessed++;
      return new LogRecord.Entry(t.id(), List.of(), List.of());
    }
    inputsProcessed++;
    // A source task's single output per line is logged without its content: the source's log then
    // holds IDs, not a copy of the input file (see refill).
    boolean elide = stage == 0 && t.id().isSource() && n == 1;
    long line = elide ? t.id().lo() : -1;
    if (n == 0) {
      return new LogRecord.Entry(t.id(), changes, List.of());
    }
    Output[] logged = new Output[n];
    for (int k = 0; k < n; k++) {
      TupleId id = numbers.next(to[k]);
      Output o =
          new Output(
              new DataTuple(id, emittedKeys.get(k), emittedValues.get(k), t.stampMicros()), to[k]);
      out.add(new Inflight(o, OutputBuffer.NEVER_SENT, line));
      logged[k] = elide ? Output.contentless(id, to[k], line) : o;
    }
    return new LogRecord.Entry(t.id(), changes, n == 1 ? List.of(logged[0]) : List.of(logged));
  }

  /** Recovery: outputs to {@code toTask} were numbered up to at least {@code seq}. */
  void restoreSeq(int toTask, long seq) {
    numbers.restore(toTask, seq);
  }

  /** One past the highest source line processed (0 if none): the lines below it are done. */
  public long sourceLinesDoneBelow() {
    Dedupe.Mark m = processed.marks().get(0L);
    return m == null ? 0 : m.upTo();
  }

  /**
   * The first source line a restarted source must offer again: every line below it was processed
   * and none waits for its content, so the shell may pass over them unread.
   */
  public long sourceResumeLine() {
    return Math.min(sourceLinesDoneBelow(), buffer.lowestAwaitingLine());
  }

  /**
   * Contract with the shell: a restarted source offers its split again from {@link
   * #sourceResumeLine()} at the latest (duplicates are cheap to drop), so every output logged
   * without content is refilled here; a source that resumed above one would leave it unsent.
   */
  private void refill(long nowMs, DataTuple t, Actions.Builder out) {
    Inflight f = buffer.takeAwaiting(t.id().lo());
    if (f == null) {
      return; // none waiting, or acknowledged meanwhile
    }
    emittedKeys.clear();
    emittedValues.clear();
    view.begin();
    logic.process(t, view, emitter);
    view.begin(); // a source's logic has no state; nothing of a replay may stick
    if (emittedKeys.size() != 1) {
      throw new IllegalStateException(
          "source line "
              + t.id()
              + " produced "
              + emittedKeys.size()
              + " outputs on replay, not 1");
    }
    DataTuple content =
        new DataTuple(f.output.id(), emittedKeys.get(0), emittedValues.get(0), t.stampMicros());
    f.output = new Output(content, f.output.toTask());
    f.lastSentMs = nowMs;
    buffer.track(f); // at the end: keeps last-sent order
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
      for (Inflight f : p.outputs()) {
        f.lastSentMs = nowMs;
        buffer.track(f);
        out.send(f.output);
      }
      pendingOutputs -= p.outputs().size();
      if (!exactlyOnce && p.fromTask() >= 0 && !p.outputs().isEmpty()) {
        List<TupleId> ids = new ArrayList<>(p.outputs().size());
        for (Inflight f : p.outputs()) {
          ids.add(f.output.id());
        }
        holds.hold(p.fromTask(), p.acks(), ids); // acked once the outputs are (AckHolds)
      } else {
        if (!exactlyOnce) {
          holds.unhold(p.acks());
        }
        out.ack(new Ack(p.fromTask(), p.acks()));
      }
    }
    return out.build();
  }

  /** Downstream acknowledged outputs; logs that (lazily) so a restart does not resend them. */
  public Actions onAcked(long nowMs, List<TupleId> outputs) {
    return onAcked(nowMs, outputs, -1);
  }

  /**
   * A sink's destination now holds exactly the acknowledged outputs up to {@code destOffset} bytes;
   * a restart rewrites what is unacked first and keeps (or cuts off) what is past that length.
   */
  public Actions onAcked(long nowMs, List<TupleId> outputs, long destOffset) {
    List<TupleId> removed = new ArrayList<>(outputs.size());
    for (TupleId id : outputs) {
      if (buffer.remove(id)) {
        removed.add(id);
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
    if (!exactlyOnce) {
      holds.release(removed, out);
    }
    return out.build();
  }

  /** Resends outputs unacknowledged for longer than the resend timeout. */
  public Actions onTick(long nowMs) {
    Actions.Builder out = new Actions.Builder();
    buffer.resendDue(nowMs, config.resendTimeoutMs(), out);
    return out.build();
  }

  /** Downstream task {@code toTask} moved to another worker: resend everything it has not acked. */
  public Actions onReassigned(long nowMs, int toTask) {
    Actions.Builder out = new Actions.Builder();
    buffer.resendTo(nowMs, toTask, out);
    return out.build();
  }

  /**
   * The task's state as of the last record handed out. The shell writes it once the log is durable
   * up to {@link Snapshot#lsn()}; the records up to there can then be dropped.
   */
  public Snapshot snapshot() {
    return new Snapshot(
        lastLsn, processed.marks(), numbers.lastSeqMap(), state, unacked(), destOffset);
  }

  /**
   * Every output not yet acknowledged, durable or not, as logged. For a restarted sink: the outputs
   * it writes again before anything new.
   */
  public List<Output> unacked() {
    List<Output> all = new ArrayList<>(inFlight());
    buffer.loggedInto(all);
    for (Pending p : pending) {
      for (Inflight f : p.outputs()) {
        all.add(f.logged());
      }
    }
    return all;
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
    return Collections.unmodifiableMap(state);
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
    return buffer.outputsResent();
  }

  public long inputsFailed() {
    return inputsFailed;
  }

  /** The last operator failure, or null. */
  public String lastFailure() {
    return lastFailure;
  }
}
