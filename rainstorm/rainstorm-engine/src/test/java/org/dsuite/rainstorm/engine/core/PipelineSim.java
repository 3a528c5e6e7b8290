package org.dsuite.rainstorm.engine.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic simulation of a whole job made of {@link TaskCore}s: source tasks, a filter
 * stage, a count-by stage and one sink writing a destination "file". A seeded network delivers
 * batches and acks in random order, duplicates and drops them; tasks crash (losing everything not
 * in their durable log), snapshot, and recover with {@link TaskRecovery}. After a chaotic phase the
 * network heals and the run must quiesce; {@link #destination()} is then compared against an
 * independent reference.
 */
final class PipelineSim {
  static final int SOURCE = 0;
  static final int FILTER = 1;
  static final int COUNT = 2;
  static final int SINK = 3;

  /** A message in flight. */
  private record Msg(boolean ack, int toStage, int toTask, int fromTask, List<?> items) {}

  /** One task: its core, its log (durable part, buffered part, latest snapshot). */
  private final class Task {
    final int stage;
    final int index;
    TaskCore core;
    Snapshot snapshot = Snapshot.empty();
    final List<LogRecord> durable = new ArrayList<>();
    final List<LogRecord> buffered = new ArrayList<>();
    long nextSourceLine; // source tasks: next line of the split to feed (volatile)

    Task(int stage, int index) {
      this.stage = stage;
      this.index = index;
      this.core = new TaskCore(new TaskKey(stage, index), logic(stage), router(stage), config);
    }

    void crashAndRecover() {
      buffered.clear();
      core =
          TaskRecovery.recover(
              new TaskKey(stage, index), logic(stage), router(stage), config, snapshot, durable);
      nextSourceLine = index; // restart the split from its start; the core drops duplicates
      if (stage == SINK) {
        // The sink's destination is truncated to what its log says was acknowledged.
        long keep = Math.max(0, core.destOffset());
        while (dest.size() > keep) {
          dest.remove(dest.size() - 1);
        }
        sinkWrittenSet.clear();
      }
      crashes++;
    }

    void flush() {
      durable.addAll(buffered);
      buffered.clear();
      handle(this, core.onDurable(now, core.lastLsn()));
    }

    void takeSnapshot() {
      flush();
      snapshot = core.snapshot();
      durable.clear();
    }
  }

  private final Random rnd;
  private final int lines;
  private final int keys;
  private final int[] tasksPerStage;
  private final TaskCoreConfig config;
  private final List<Task[]> stages = new ArrayList<>();
  private final List<Msg> network = new ArrayList<>();
  private final List<String> dest = new ArrayList<>();
  private final Set<TupleId> sinkWrittenSet = new HashSet<>();
  private long now;
  int crashes;
  int duplicatesInjected;
  int drops;
  int rebatches;

  /** Largest dedupe any task held (marks plus numbers above them). */
  int maxDedupeSize;

  long deferred;

  PipelineSim(long seed, int lines, int keys, int tasks, int maxUnacked) {
    this(seed, lines, keys, tasks, maxUnacked, TaskCoreConfig.defaults().dedupeWindow());
  }

  PipelineSim(long seed, int lines, int keys, int tasks, int maxUnacked, int dedupeWindow) {
    this.rnd = new Random(seed);
    this.lines = lines;
    this.keys = keys;
    this.tasksPerStage = new int[] {tasks, tasks, tasks, 1};
    this.config = new TaskCoreConfig(maxUnacked, 40, dedupeWindow);
    for (int s = 0; s < 4; s++) {
      Task[] ts = new Task[tasksPerStage[s]];
      for (int i = 0; i < ts.length; i++) {
        ts[i] = new Task(s, i);
        ts[i].nextSourceLine = i;
      }
      stages.add(ts);
    }
  }

  /** The value of source line {@code i}: its key, a comma, and the line number. */
  static String line(int i, int keys) {
    return "k" + (i * 7 % keys) + "," + i;
  }

  /** The filter keeps lines whose number is not a multiple of 3. */
  static boolean keep(int i) {
    return i % 3 != 0;
  }

  private TaskLogic logic(int stage) {
    return switch (stage) {
      case SOURCE -> TaskLogic.identity();
      case FILTER ->
          (in, st, out) -> {
            String[] f = in.value().split(",");
            if (keep(Integer.parseInt(f[1]))) {
              out.emit(f[0], in.value());
            }
          };
      case COUNT ->
          (in, st, out) -> {
            String c = st.get(in.key());
            long n = c == null ? 1 : Long.parseLong(c) + 1;
            st.put(in.key(), Long.toString(n));
            out.emit(in.key(), in.key() + "," + n);
          };
      default -> TaskLogic.identity();
    };
  }

  private Router router(int stage) {
    return switch (stage) {
      case SOURCE -> Router.byId(tasksPerStage[FILTER]);
      case FILTER -> Router.byKey(tasksPerStage[COUNT]);
      default -> Router.single();
    };
  }

  List<String> destination() {
    return dest;
  }

  /** Runs {@code chaosSteps} random events, then heals and runs until quiet. */
  void run(int chaosSteps) {
    for (int step = 0; step < chaosSteps; step++) {
      chaosStep();
    }
    for (int round = 0; round < 20_000; round++) {
      if (quiet()) {
        return;
      }
      calmStep();
    }
    throw new AssertionError("no quiescence; network=" + network.size());
  }

  private void chaosStep() {
    now += rnd.nextInt(6);
    int r = rnd.nextInt(100);
    Task t = randomTask();
    if (r < 40) {
      deliver(rnd.nextInt(100) < 10, rnd.nextInt(100) < 5);
    } else if (r < 55) {
      feed(randomSource());
    } else if (r < 75) {
      t.flush();
    } else if (r < 85) {
      handle(t, t.core.onTick(now));
    } else if (r < 90) {
      sinkFlush();
    } else if (r < 93) {
      t.takeSnapshot();
    } else if (r < 95) {
      t.crashAndRecover();
      reassigned(t);
    } else if (r < 98) {
      rebatch();
    } else {
      for (Task[] ts : stages) {
        for (Task x : ts) {
          handle(x, x.core.onTick(now));
        }
      }
    }
  }

  private void calmStep() {
    now += 5;
    for (Task s : stages.get(SOURCE)) {
      feed(s);
    }
    List<Msg> inFlight = new ArrayList<>(network);
    network.clear();
    for (Msg m : inFlight) {
      if (!deliverNow(m)) {
        network.add(m); // receiver is full: it stays in flight until the receiver drains
      }
    }
    for (Task[] ts : stages) {
      for (Task x : ts) {
        x.flush();
        handle(x, x.core.onTick(now));
      }
    }
    sinkFlush();
  }

  private boolean quiet() {
    if (!network.isEmpty()) {
      return false;
    }
    for (Task s : stages.get(SOURCE)) {
      if (s.nextSourceLine < lines) {
        return false;
      }
    }
    for (Task[] ts : stages) {
      for (Task x : ts) {
        if (x.core.inFlight() > 0 || !x.buffered.isEmpty()) {
          return false;
        }
      }
    }
    return true;
  }

  private Task randomTask() {
    Task[] ts = stages.get(rnd.nextInt(stages.size()));
    return ts[rnd.nextInt(ts.length)];
  }

  private Task randomSource() {
    Task[] ts = stages.get(SOURCE);
    return ts[rnd.nextInt(ts.length)];
  }

  /** Feeds up to a few lines of the task's split (line i belongs to source task i mod tasks). */
  private void feed(Task src) {
    List<DataTuple> batch = new ArrayList<>();
    int n = 1 + rnd.nextInt(8);
    while (batch.size() < n && src.nextSourceLine < lines && src.core.canAccept()) {
      int i = (int) src.nextSourceLine;
      batch.add(new DataTuple(TupleId.ofSourceLine(i), "src:" + i, line(i, keys)));
      src.nextSourceLine += tasksPerStage[SOURCE];
      if (batch.size() == n) {
        break;
      }
    }
    if (!batch.isEmpty()) {
      handle(src, src.core.onInputs(now, -1, batch));
    }
  }

  /**
   * Moves batch boundaries: splits a batch in flight in two, merges it with another batch on the
   * same channel, or with itself (a batch holding the same tuples twice). The core must stay exact
   * whichever way the inputs are grouped, since its log record, dedupe and acks are per batch.
   */
  private void rebatch() {
    List<Integer> data = new ArrayList<>();
    for (int i = 0; i < network.size(); i++) {
      if (!network.get(i).ack) {
        data.add(i);
      }
    }
    if (data.isEmpty()) {
      return;
    }
    int at = data.get(rnd.nextInt(data.size()));
    Msg m = network.get(at);
    List<Object> items = new ArrayList<>(m.items);
    int kind = rnd.nextInt(3);
    if (kind == 0 && items.size() > 1) {
      int cut = 1 + rnd.nextInt(items.size() - 1);
      network.set(at, withItems(m, items.subList(0, cut)));
      network.add(withItems(m, items.subList(cut, items.size())));
    } else if (kind == 1) {
      for (int j = 0; j < network.size(); j++) {
        Msg o = network.get(j);
        if (j != at
            && !o.ack
            && o.toStage == m.toStage
            && o.toTask == m.toTask
            && o.fromTask == m.fromTask) {
          items.addAll(o.items);
          network.set(at, withItems(m, items));
          network.remove(j);
          break;
        }
      }
    } else {
      items.addAll(m.items);
      network.set(at, withItems(m, items));
    }
    rebatches++;
  }

  private static Msg withItems(Msg m, List<?> items) {
    return new Msg(m.ack, m.toStage, m.toTask, m.fromTask, List.copyOf(items));
  }

  private void deliver(boolean duplicate, boolean drop) {
    if (network.isEmpty()) {
      return;
    }
    int at = rnd.nextInt(network.size());
    Msg m = network.get(at);
    if (drop) {
      network.remove(at);
      drops++;
      return;
    }
    if (deliverNow(m)) {
      if (duplicate) {
        duplicatesInjected++; // delivered and left in flight, so it arrives again later
      } else {
        network.remove(at);
      }
    }
  }

  /** Delivers one message; false if the receiver applies backpressure and takes no input. */
  private boolean deliverNow(Msg m) {
    Task to = stages.get(m.toStage)[m.toTask];
    if (m.ack) {
      @SuppressWarnings("unchecked")
      List<TupleId> ids = (List<TupleId>) m.items;
      handle(to, to.core.onAcked(now, ids));
      return true;
    }
    if (!to.core.canAccept()) {
      return false;
    }
    @SuppressWarnings("unchecked")
    List<DataTuple> tuples = (List<DataTuple>) m.items;
    long before = to.core.inputsDeferred();
    handle(to, to.core.onInputs(now, m.fromTask, tuples));
    deferred += to.core.inputsDeferred() - before;
    return true;
  }

  /** The sink's destination is flushed: everything written so far is acknowledged to its core. */
  private void sinkFlush() {
    Task sink = stages.get(SINK)[0];
    if (sinkWrittenSet.isEmpty()) {
      return;
    }
    List<TupleId> ids = new ArrayList<>(sinkWrittenSet);
    sinkWrittenSet.clear();
    handle(sink, sink.core.onAcked(now, ids, dest.size()));
  }

  private void reassigned(Task t) {
    if (t.stage == SOURCE) {
      return;
    }
    for (Task up : stages.get(t.stage - 1)) {
      handle(up, up.core.onReassigned(now, t.index));
    }
  }

  private void handle(Task t, Actions a) {
    maxDedupeSize = Math.max(maxDedupeSize, t.core.dedupeSize());
    t.buffered.addAll(a.append());
    if (t.stage == SINK) {
      for (Output o : a.send()) {
        if (sinkWrittenSet.add(o.id())) {
          dest.add(o.tuple().value());
        }
      }
    } else {
      Map<Integer, List<DataTuple>> byTask = new HashMap<>();
      for (Output o : a.send()) {
        byTask.computeIfAbsent(o.toTask(), k -> new ArrayList<>()).add(o.tuple());
      }
      byTask.forEach((to, ts) -> network.add(new Msg(false, t.stage + 1, to, t.index, ts)));
    }
    Map<Integer, List<TupleId>> acks = new HashMap<>();
    for (Ack k : a.acks()) {
      if (k.toTask() >= 0) {
        acks.computeIfAbsent(k.toTask(), x -> new ArrayList<>()).addAll(k.inputs());
      }
    }
    acks.forEach((to, ids) -> network.add(new Msg(true, t.stage - 1, to, t.index, ids)));
  }
}
