package org.dsuite.swim.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.dsuite.common.net.HostPort;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.MemberStatus;
import org.dsuite.swim.core.Actions;
import org.dsuite.swim.core.MemberEvent;
import org.dsuite.swim.core.MemberUpdate;
import org.dsuite.swim.core.Outgoing;
import org.dsuite.swim.core.RandomSource;
import org.dsuite.swim.core.SwimCore;
import org.dsuite.swim.wire.WireCodec;

/**
 * Deterministic simulation of N {@link SwimCore}s in virtual time: one seed drives the network and
 * every core, events run in (time, sequence) order, and invariants are checked after every event.
 * Any failure is rethrown as a {@link SimulationFailure} naming the seed, so it can be replayed.
 */
public final class Simulation {
  /** Stop a runaway run: more events than this is itself a failure. */
  public static final long EVENTS_MAX = 2_000_000_000L;

  private final long seed;
  private final SwimConfig cfg;
  private final SimNetwork network;
  private final SplittableRandom random;
  private final PriorityQueue<SimEvent> queue = new PriorityQueue<>();
  private final List<SimNode> nodes = new ArrayList<>();
  private final Map<HostPort, SimNode> byAddress = new HashMap<>();

  /** Every ID a node ever ran under (a lookup without building the ID's address). */
  private final Map<MemberId, SimNode> byId = new HashMap<>();

  private final SimRecorder recorder = new SimRecorder();
  private SimTap tap = new SimTap() {};
  private final boolean deepChecks;
  private long nowMs;
  private long eventSeq;
  private long events;

  public Simulation(long seed, SwimConfig cfg, int n, SimNetwork network) {
    this.seed = seed;
    this.cfg = cfg;
    this.network = network;
    this.random = new SplittableRandom(seed);
    this.deepChecks = n <= 64;
    for (int i = 0; i < n; i++) {
      HostPort addr =
          new HostPort("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), 7946);
      SimNode node = new SimNode(i, addr);
      nodes.add(node);
      byAddress.put(addr, node);
    }
  }

  public long seed() {
    return seed;
  }

  public long nowMs() {
    return nowMs;
  }

  public SimNetwork network() {
    return network;
  }

  public SimRecorder recorder() {
    return recorder;
  }

  /** Lets {@code t} watch every message copy and event (diagnosis; changes nothing). */
  public Simulation tap(SimTap t) {
    this.tap = t;
    return this;
  }

  public int size() {
    return nodes.size();
  }

  // ---- scenario steps ------------------------------------------------------------------------

  /**
   * Starts every node at a random moment within the first period, each joining through node 0 (node
   * 0 is the introducer).
   */
  public Simulation startAllJoiningThroughFirst() {
    for (SimNode n : nodes) {
      long at = n.index == 0 ? 0 : 1 + random.nextLong(cfg.probeIntervalMs());
      boot(n, at, n.index == 0 ? List.of() : List.of(nodes.get(0).address));
    }
    return this;
  }

  /** Starts every node already knowing every other (for large-N experiments). */
  public Simulation startAllBootstrapped() {
    List<MemberUpdate> everyone = new ArrayList<>();
    for (SimNode n : nodes) {
      boot(n, 0, List.of());
      everyone.add(MemberUpdate.alive(n.core.selfId(), 0, Map.of()));
    }
    for (SimNode n : nodes) {
      apply(n, n.core.bootstrap(0, everyone));
    }
    return this;
  }

  private void boot(SimNode n, long atMs, List<HostPort> seeds) {
    SwimConfig c = cfg.with(b -> b.seeds = seeds);
    MemberId id = new MemberId(n.address.host(), n.address.port(), atMs + n.restarts);
    n.core =
        new SwimCore(
            c, id, Map.of(), RandomSource.seeded(random.nextLong()), WireCodec.SIZER, atMs);
    n.paused = false;
    n.nextTickMs = Long.MAX_VALUE; // a tick the crashed core left pending is void
    byId.put(id, n);
    recorder.started(id, atMs);
    scheduleTick(n, atMs);
  }

  /** Crashes node {@code i} now: it stops answering and its state is lost. */
  public void crash(int i) {
    SimNode n = nodes.get(i);
    if (n.core != null) {
      recorder.crashed(n.core.selfId(), nowMs);
      n.core = null;
      n.backlog.clear();
    }
  }

  /** Restarts a crashed node under a new ID, joining through node 0 (or node 1 if it is node 0). */
  public void restart(int i) {
    SimNode n = nodes.get(i);
    if (n.core != null) {
      throw new IllegalStateException("node " + i + " is running");
    }
    n.restarts++;
    boot(n, nowMs, List.of(nodes.get(i == 0 ? 1 : 0).address));
  }

  /** The node stops running (a CPU-starved or stopped process) but keeps its state. */
  public void pause(int i) {
    nodes.get(i).paused = true;
  }

  /** The node runs again and processes everything that queued up meanwhile. */
  public void resume(int i) {
    SimNode n = nodes.get(i);
    if (!n.paused) {
      return;
    }
    n.paused = false;
    List<SimEvent> backlog = new ArrayList<>(n.backlog);
    n.backlog.clear();
    // timers fire before the queued packets are read, as in a starved process whose timer
    // wakes first: the harsh case Lifeguard is about (its own acks look missing)
    n.nextTickMs = Long.MAX_VALUE;
    scheduleTick(n, nowMs);
    for (SimEvent e : backlog) {
      push(new SimEvent(nowMs, ++eventSeq, e.kind, e.node, e.from, e.message, null, e.arrivedMs));
    }
  }

  /**
   * Node {@code i} becomes CPU-starved (as in the Lifeguard paper's experiments): it handles every
   * packet {@code packetLagMs} after it arrives, in arrival order, and its timers fire {@code
   * timerLagMs} late. Its own probes then look unanswered (the acks wait in its queue) and
   * everything it says is late. {@code starve(i, 0, 0)} makes it healthy again; packets already
   * queued are still handled when they were due.
   */
  public void starve(int i, long packetLagMs, long timerLagMs) {
    if (packetLagMs < 0 || timerLagMs < 0) {
      throw new IllegalArgumentException("lags must be >= 0");
    }
    SimNode n = nodes.get(i);
    n.packetLagMs = packetLagMs;
    n.timerLagMs = timerLagMs;
  }

  /** Voluntary leave of node {@code i}. */
  public void leave(int i) {
    SimNode n = nodes.get(i);
    recorder.left(n.core.selfId(), nowMs);
    apply(n, n.core.leave(nowMs));
  }

  /** Switches suspicion at node {@code i} (spreads cluster-wide). */
  public void setSuspicion(int i, boolean enabled) {
    SimNode n = nodes.get(i);
    apply(n, n.core.setSuspicion(nowMs, enabled));
  }

  /** Runs {@code action} at virtual time {@code atMs}. */
  public void at(long atMs, Runnable action) {
    push(new SimEvent(atMs, ++eventSeq, SimEvent.Kind.CONTROL, -1, null, null, action));
  }

  // ---- running -------------------------------------------------------------------------------

  public void runUntil(long untilMs) {
    runUntil(untilMs, () -> false);
  }

  /** Runs until virtual time {@code untilMs} or until {@code stop} holds; true if it held. */
  public boolean runUntil(long untilMs, BooleanSupplier stop) {
    try {
      while (!queue.isEmpty() && queue.peek().timeMs <= untilMs) {
        step(queue.poll());
        if (stop.getAsBoolean()) {
          return true;
        }
      }
      nowMs = Math.max(nowMs, untilMs);
      return stop.getAsBoolean();
    } catch (RuntimeException | AssertionError e) {
      throw new SimulationFailure(seed, nowMs, e);
    }
  }

  private void step(SimEvent e) {
    if (e.timeMs < nowMs) {
      throw new IllegalStateException("time went backwards: " + e.timeMs + " < " + nowMs);
    }
    nowMs = e.timeMs;
    if (++events > EVENTS_MAX) {
      throw new IllegalStateException("event cap reached");
    }
    if (e.kind == SimEvent.Kind.CONTROL) {
      e.action.run();
      return;
    }
    SimNode n = nodes.get(e.node);
    if (n.core == null) {
      return; // crashed: the packet or timer is lost
    }
    if (n.paused) {
      if (e.kind != SimEvent.Kind.TICK) {
        n.backlog.add(e);
      }
      return;
    }
    if (e.kind == SimEvent.Kind.DELIVER && n.packetLagMs > 0) {
      // starved: the packet waits in the socket queue behind the ones before it
      n.lastProcessMs = Math.max(nowMs + n.packetLagMs, n.lastProcessMs);
      push(
          new SimEvent(
              n.lastProcessMs,
              ++eventSeq,
              SimEvent.Kind.PROCESS,
              e.node,
              e.from,
              e.message,
              null,
              e.arrivedMs));
      return;
    }
    if (e.kind == SimEvent.Kind.TICK) {
      if (e.timeMs != n.nextTickMs) {
        return; // superseded by an earlier tick
      }
      n.nextTickMs = Long.MAX_VALUE;
      apply(n, n.core.onTick(nowMs));
    } else {
      recorder.received(WireCodec.sizeOf(e.message));
      apply(n, n.core.onMessage(nowMs, e.arrivedMs, e.from, e.message));
    }
    if (deepChecks) {
      n.core.checkInvariantsDeep();
    } else {
      n.core.checkInvariants();
    }
  }

  private void apply(SimNode n, Actions a) {
    for (Outgoing o : a.sends()) {
      route(n, o);
    }
    for (MemberEvent ev : a.events()) {
      // only suspicions and failures are judged against the truth (a join needs no lookup)
      MemberEvent.Kind k = ev.kind();
      boolean judged = k == MemberEvent.Kind.SUSPECT || k == MemberEvent.Kind.FAIL;
      boolean running = judged && isRunning(ev.member().id());
      recorder.event(n.core.selfId(), ev, running);
      tap.event(nowMs, n.core.selfId(), ev, running);
    }
    scheduleTick(n, a.nextWakeMs());
  }

  private void route(SimNode from, Outgoing o) {
    recorder.sent(from.core.selfId(), WireCodec.sizeOf(o.message()));
    SimNode to = byAddress.get(o.to());
    if (to == null) {
      return;
    }
    if (!network.connected(from.index, to.index)) {
      tap.sent(nowMs, from.index, to.index, o.message(), true);
      return;
    }
    int copies = random.nextDouble() < network.duplicateRate() ? 2 : 1;
    for (int c = 0; c < copies; c++) {
      if (random.nextDouble() < network.lossFor(from.index, to.index)) {
        tap.sent(nowMs, from.index, to.index, o.message(), true);
        continue;
      }
      tap.sent(nowMs, from.index, to.index, o.message(), false);
      long delay =
          network.delayMinMs() + random.nextLong(network.delayMaxMs() - network.delayMinMs() + 1);
      push(
          new SimEvent(
              nowMs + delay,
              ++eventSeq,
              SimEvent.Kind.DELIVER,
              to.index,
              from.address,
              o.message(),
              null));
    }
  }

  private void scheduleTick(SimNode n, long atMs) {
    long t = Math.max(atMs, nowMs) + n.timerLagMs;
    if (t < n.nextTickMs) {
      n.nextTickMs = t;
      push(new SimEvent(t, ++eventSeq, SimEvent.Kind.TICK, n.index, null, null, null));
    }
  }

  private void push(SimEvent e) {
    queue.add(e);
  }

  // ---- observing -----------------------------------------------------------------------------

  /** True if {@code id} is the current ID of a node that has not crashed (paused counts). */
  public boolean isRunning(MemberId id) {
    SimNode n = byId.get(id);
    return n != null && n.core != null && n.core.selfId().equals(id) && !n.core.hasLeft();
  }

  public boolean isUp(int i) {
    return nodes.get(i).core != null;
  }

  public MemberId id(int i) {
    SwimCore c = nodes.get(i).core;
    return c == null ? null : c.selfId();
  }

  public SwimCore core(int i) {
    return nodes.get(i).core;
  }

  /** IDs of the nodes that are up and have not left. */
  public List<MemberId> runningIds() {
    List<MemberId> out = new ArrayList<>();
    for (SimNode n : nodes) {
      if (n.core != null && !n.core.hasLeft()) {
        out.add(n.core.selfId());
      }
    }
    return out;
  }

  /** The in-group member IDs node {@code i} lists. */
  public List<MemberId> view(int i) {
    return nodes.get(i).core.members().stream().map(MemberInfo::id).toList();
  }

  /** True if every running node lists exactly the running nodes. */
  public boolean converged() {
    List<MemberId> truth = runningIds().stream().sorted().toList();
    for (SimNode n : nodes) {
      if (n.core != null && !n.core.hasLeft() && !view(n.index).equals(truth)) {
        return false;
      }
    }
    return true;
  }

  /** Status of {@code subject} at node {@code observer}, or null if unknown there. */
  public MemberStatus statusAt(int observer, MemberId subject) {
    return nodes.get(observer).core.statusOf(subject);
  }
}
