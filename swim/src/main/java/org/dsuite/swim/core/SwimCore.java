package org.dsuite.swim.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsuite.common.net.HostPort;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.MemberStatus;

/**
 * The SWIM protocol of one member as a pure state machine, in the style of etcd raft: the shell
 * feeds it {@link #onMessage} and {@link #onTick} with the current time and carries out the
 * returned {@link Actions}. No sockets, threads, clocks or randomness of its own. Not thread-safe:
 * one thread (the shell's protocol thread, or the simulator) drives it.
 *
 * <p>The member table and dissemination live in {@link MemberTable} (self-refutation in {@link
 * SelfState}); this class owns probing (direct, indirect, Lifeguard health) and leaving; joining
 * and anti-entropy are {@link JoinAndSync}. Packets are filled by {@link Packer}; pings relayed for
 * others' ping-reqs are kept in {@link Relays}.
 */
public final class SwimCore {
  private final SwimConfig cfg;
  private final MemberTable table;
  private final Packer packer;
  private final LocalHealth health;
  private final JoinAndSync joinAndSync;
  private final LagRefutation lagRefutation;

  private long seq;
  private Probe probe;
  private long nextProbeMs;
  private final Relays relays;
  private boolean left;
  private Actions out;
  private long nowMs;

  /** When this core last asked to be woken: a wake-up well past it means this member stalled. */
  private long wakeDueMs = Long.MAX_VALUE;

  private long probes;
  private long probesFailed;
  private long pingReqs;
  private long nacks;

  public SwimCore(
      SwimConfig cfg,
      MemberId self,
      Map<String, String> metadata,
      RandomSource random,
      Sizer sizer,
      long nowMs) {
    this.cfg = cfg;
    this.health = new LocalHealth(cfg.localHealthMax(), cfg.lifeguard());
    this.table = new MemberTable(cfg, self, metadata, random, sizer, health);
    this.packer = new Packer(cfg, sizer, table);
    this.relays = new Relays(4 * (cfg.indirectChecks() + 1) * 4);
    this.nextProbeMs = nowMs + random.nextInt((int) cfg.probeIntervalMs());
    this.joinAndSync = new JoinAndSync(cfg, table, packer, random, () -> ++seq, nowMs);
    this.lagRefutation = new LagRefutation(cfg.lagRefutationMs(), cfg.probeIntervalMs());
  }

  // ---- inputs --------------------------------------------------------------------------------

  /** A message from {@code from} is handled the moment it arrived. */
  public Actions onMessage(long nowMs, HostPort from, Message m) {
    return onMessage(nowMs, nowMs, from, m);
  }

  /**
   * A message from {@code from} that arrived at {@code arrivedMs} is handled at {@code nowMs} (a
   * starved member handles its packets late; see {@link LagRefutation}).
   */
  public Actions onMessage(long nowMs, long arrivedMs, HostPort from, Message m) {
    begin(nowMs);
    if (!m.sender().equals(table.self())) {
      table.heardFrom(m.sender(), nowMs);
      table.applyAll(m.gossip(), nowMs, out);
      refuteDirectly();
      // evidence: the packet waited, or this member's own timer is overdue (all a real process
      // can see after a stall: it cannot tell when a packet reached its socket)
      refuteLag(Math.min(arrivedMs, wakeDueMs));
      joinAndSync.heardFromGroup();
      if (m instanceof Message.Ping p) {
        onPing(from, p);
      } else if (m instanceof Message.Ack a) {
        onAck(a);
      } else if (m instanceof Message.PingReq r) {
        onPingReq(nowMs, r);
      } else if (m instanceof Message.Nack n) {
        onNack(n);
      } else if (m instanceof Message.Sync s) {
        joinAndSync.onSync(from, s, out);
      } // a Broadcast is gossip only
    }
    return finish(nowMs);
  }

  /**
   * Starts from a known membership (a snapshot, or a simulation that begins fully joined): the
   * members are learned as usual but not re-disseminated, since everyone else knows them too, and
   * not reported as joins: {@link #members()} lists them.
   */
  public Actions bootstrap(long nowMs, List<MemberUpdate> known) {
    begin(nowMs);
    table.load(known, nowMs, out);
    joinAndSync.bootstrapped(nowMs);
    return finish(nowMs);
  }

  /** Time passed; run whatever timers are due. */
  public Actions onTick(long nowMs) {
    begin(nowMs);
    refuteLag(wakeDueMs); // a timer that fires late is first-hand evidence of a stall
    table.expireSuspicions(nowMs, out);
    table.forgetOld(nowMs);
    expireRelays(nowMs);
    if (!left) {
      joinAndSync.joinIfDue(nowMs, out);
      stepProbe(nowMs);
      joinAndSync.syncIfDue(nowMs, out);
    }
    return finish(nowMs);
  }

  /** Leave voluntarily: disseminate LEFT and stop probing (keep answering so it spreads). */
  public Actions leave(long nowMs) {
    begin(nowMs);
    if (!left) {
      left = true;
      probe = null;
      Gossip bye = table.leaveSelf();
      int fanout = Timeouts.retransmitLimit(cfg.retransmitMultiplier(), table.inGroupCount());
      for (MemberId id : table.randomInGroup(fanout, null)) {
        send(id.address(), new Message.Broadcast(table.self(), ++seq, List.of(bye)));
      }
    }
    return finish(nowMs);
  }

  /** The local operator switched suspicion on or off; the newest switch wins cluster-wide. */
  public Actions setSuspicion(long nowMs, boolean enabled) {
    begin(nowMs);
    table.switchSuspicion(enabled, nowMs, out);
    return finish(nowMs);
  }

  /** Contact the given introducers (or the configured seeds) again, e.g. after a partition. */
  public Actions join(long nowMs, List<HostPort> introducers) {
    begin(nowMs);
    joinAndSync.rejoin(nowMs, introducers, left, out);
    return finish(nowMs);
  }

  // ---- message handlers ----------------------------------------------------------------------

  private void onPing(HostPort from, Message.Ping p) {
    if (p.target().equals(table.self())) {
      send(from, withGossip(new Message.Ack(table.self(), p.seq(), List.of()), List.of()));
    }
    // a ping for another ID (our previous incarnation as a process) gets no answer: that ID failed
  }

  private void onAck(Message.Ack a) {
    if (probe != null && a.seq() == probe.seq) {
      probe.acked = true;
      return;
    }
    Relays.Relay r = relays.takeAcked(a.seq());
    if (r != null) {
      send(
          r.requester(),
          withGossip(new Message.Ack(table.self(), r.requesterSeq(), List.of()), List.of()));
    }
  }

  private void onPingReq(long nowMs, Message.PingReq r) {
    if (relays.full()) {
      return; // limit: a flood of ping-reqs cannot make us flood others
    }
    long s = ++seq;
    relays.add(
        new Relays.Relay(
            s, r.sender().address(), r.seq(), nowMs + Timeouts.nackAfterMs(cfg.probeTimeoutMs())));
    send(
        r.target().address(),
        withGossip(new Message.Ping(table.self(), s, r.target(), List.of()), List.of()));
  }

  private void onNack(Message.Nack n) {
    if (probe != null && n.seq() == probe.seq) {
      probe.nacksReceived++;
    }
  }

  // ---- probing -------------------------------------------------------------------------------

  private void stepProbe(long nowMs) {
    if (probe != null && !probe.acked && !probe.indirectSent && nowMs >= probe.timeoutAtMs) {
      sendIndirect(nowMs);
    }
    if (probe != null && nowMs >= probe.endAtMs) {
      finishProbe(nowMs);
    }
    if (probe == null && nowMs >= nextProbeMs) {
      startProbe(nowMs);
    }
  }

  private void startProbe(long nowMs) {
    MemberId target = table.nextProbeTarget();
    long interval = Timeouts.scaled(cfg.probeIntervalMs(), health.score());
    nextProbeMs = nowMs + interval;
    if (target == null) {
      return;
    }
    long timeout = Timeouts.scaled(cfg.probeTimeoutMs(), health.score());
    probe = new Probe(target, ++seq, nowMs + timeout, nowMs + interval);
    probes++;
    // Lifeguard buddy system: a suspect learns of its suspicion from the probe itself
    List<Gossip> first = cfg.lifeguard() ? table.suspicionAbout(target) : List.of();
    send(
        target.address(),
        withGossip(new Message.Ping(table.self(), probe.seq, target, List.of()), first));
  }

  private void sendIndirect(long nowMs) {
    probe.indirectSent = true;
    for (MemberId helper : table.randomInGroup(cfg.indirectChecks(), probe.target)) {
      pingReqs++;
      send(
          helper.address(),
          withGossip(
              new Message.PingReq(table.self(), probe.seq, probe.target, List.of()), List.of()));
      if (cfg.lifeguard()) {
        probe.nacksExpected++;
      }
    }
  }

  private void finishProbe(long nowMs) {
    Probe p = probe;
    probe = null;
    if (p.acked) {
      health.add(-1);
      return;
    }
    probesFailed++;
    // Lifeguard (memberlist's probeNode): if every helper's nack came back, the target is the
    // problem, not us; each missing nack hints that we are the slow one (our own packets are late),
    // and with no helper to ask a failed probe counts as one.
    health.add(p.nacksExpected == 0 ? 1 : p.nacksExpected - p.nacksReceived);
    if (table.probeFailed(p.target, nowMs, out) && cfg.lifeguard()) {
      // buddy system, immediate: the suspect hears of it now rather than after gossip rounds
      send(
          p.target.address(),
          new Message.Broadcast(table.self(), ++seq, table.suspicionAbout(p.target)));
    }
  }

  /**
   * Lifeguard: a refutation goes straight back to whoever raised the suspicion, as well as into the
   * gossip, so the suspecter's timer is the one least likely to run out first.
   */
  private void refuteDirectly() {
    List<MemberId> accusers = table.drainAccusers();
    if (!cfg.lifeguard()) {
      return;
    }
    for (MemberId a : accusers) {
      send(
          a.address(),
          new Message.Broadcast(table.self(), ++seq, List.of(table.selfAliveUpdate())));
    }
  }

  private void expireRelays(long nowMs) {
    for (Relays.Relay r : relays.expire(nowMs)) {
      if (cfg.lifeguard()) {
        nacks++;
        send(
            r.requester(),
            withGossip(new Message.Nack(table.self(), r.requesterSeq(), List.of()), List.of()));
      }
    }
  }

  // ---- output helpers ------------------------------------------------------------------------

  private Message withGossip(Message m, List<Gossip> first) {
    if (!left && lagRefutation.announcing(nowMs)) {
      // lag-aware self-refutation: our ALIVE rides first on everything we send while we are slow
      List<Gossip> withSelf = new ArrayList<>(first.size() + 1);
      withSelf.add(table.selfAliveUpdate());
      withSelf.addAll(first);
      return packer.withGossip(m, withSelf);
    }
    return packer.withGossip(m, first);
  }

  /**
   * Lag-aware self-refutation ({@link LagRefutation}) for work that was due at {@code dueMs} and is
   * done now.
   */
  private void refuteLag(long dueMs) {
    if (!left && lagRefutation.onHandled(nowMs, dueMs)) {
      table.raiseSelf();
    }
  }

  private void send(HostPort to, Message m) {
    out.send(new Outgoing(to, m));
  }

  private void begin(long nowMs) {
    out = new Actions();
    this.nowMs = nowMs;
  }

  private Actions finish(long nowMs) {
    long wake = nextProbeMs;
    if (probe != null) {
      wake = Math.min(wake, probe.indirectSent || probe.acked ? probe.endAtMs : probe.timeoutAtMs);
    }
    wake = Math.min(wake, relays.nextDeadlineMs());
    wake = Math.min(wake, joinAndSync.nextWakeMs());
    wake = Math.min(wake, table.nextTimerMs());
    wakeDueMs = Math.max(wake, nowMs + 1);
    out.wakeBy(wakeDueMs);
    Actions a = out;
    out = null;
    return a;
  }

  // ---- queries -------------------------------------------------------------------------------

  public MemberId selfId() {
    return table.self();
  }

  public MemberInfo self() {
    return table.selfInfo(left);
  }

  /** Members in the group (alive or suspect), this member included unless it left; by ID. */
  public List<MemberInfo> members() {
    return table.list(left, false);
  }

  /** Every member still in the table, failed and left ones included; by ID. */
  public List<MemberInfo> allKnown() {
    return table.list(left, true);
  }

  public boolean suspicionEnabled() {
    return table.suspicionEnabled();
  }

  public boolean joined() {
    return joinAndSync.joined();
  }

  public boolean hasLeft() {
    return left;
  }

  public int localHealth() {
    return health.score();
  }

  /** Incarnation raises by lag-aware self-refutation so far. */
  public long lagRefutations() {
    return lagRefutation.bumps();
  }

  public int pendingGossip() {
    return table.pendingGossip();
  }

  public CoreStats stats() {
    return table.stats(probes, probesFailed, pingReqs, nacks, joinAndSync.syncs());
  }

  /** Throws if an internal invariant is broken (the simulator calls this after every event). */
  public void checkInvariants() {
    table.checkInvariants();
    if (probe != null && probe.target.equals(table.self())) {
      throw new IllegalStateException("probing self");
    }
    if (left && probe != null) {
      throw new IllegalStateException("probing after leaving");
    }
  }

  /** The O(N) invariant checks, for small simulations. */
  public void checkInvariantsDeep() {
    checkInvariants();
    table.checkInvariantsDeep();
  }

  /** Status of {@code id} in this member's table, or null if unknown. */
  public MemberStatus statusOf(MemberId id) {
    return table.statusOf(id);
  }
}
