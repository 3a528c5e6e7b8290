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
 * SelfState}); this class owns probing (direct, indirect, Lifeguard health), joining, anti-entropy
 * and leaving. Packets are filled by {@link Packer}; pings relayed for others' ping-reqs are kept
 * in {@link Relays}.
 */
public final class SwimCore {
  private final SwimConfig cfg;
  private final RandomSource random;
  private final MemberTable table;
  private final Packer packer;
  private final LocalHealth health;
  private final List<HostPort> seeds = new ArrayList<>();

  private long seq;
  private Probe probe;
  private long nextProbeMs;
  private final Relays relays;
  private long nextSyncMs;
  private boolean joined;
  private long nextJoinMs;
  private int seedIndex;
  private boolean left;
  private Actions out;

  private long probes;
  private long probesFailed;
  private long pingReqs;
  private long nacks;
  private long syncs;

  public SwimCore(
      SwimConfig cfg,
      MemberId self,
      Map<String, String> metadata,
      RandomSource random,
      Sizer sizer,
      long nowMs) {
    this.cfg = cfg;
    this.random = random;
    this.health = new LocalHealth(cfg.localHealthMax(), cfg.lifeguard());
    this.table = new MemberTable(cfg, self, metadata, random, sizer, health);
    this.packer = new Packer(cfg, sizer, table);
    this.relays = new Relays(4 * (cfg.indirectChecks() + 1) * 4);
    for (HostPort s : cfg.seeds()) {
      if (!s.equals(self.address())) {
        seeds.add(s);
      }
    }
    this.joined = seeds.isEmpty();
    this.nextProbeMs = nowMs + random.nextInt((int) cfg.probeIntervalMs());
    this.nextSyncMs = nowMs + jitter(cfg.syncIntervalMs());
    this.nextJoinMs = nowMs;
  }

  // ---- inputs --------------------------------------------------------------------------------

  /** A message arrived from {@code from}. */
  public Actions onMessage(long nowMs, HostPort from, Message m) {
    begin();
    if (!m.sender().equals(table.self())) {
      table.heardFrom(m.sender(), nowMs);
      table.applyAll(m.gossip(), nowMs, out);
      refuteDirectly();
      joined = true;
      if (m instanceof Message.Ping p) {
        onPing(from, p);
      } else if (m instanceof Message.Ack a) {
        onAck(a);
      } else if (m instanceof Message.PingReq r) {
        onPingReq(nowMs, r);
      } else if (m instanceof Message.Nack n) {
        onNack(n);
      } else if (m instanceof Message.Sync s) {
        onSync(from, s);
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
    begin();
    table.load(known, nowMs, out);
    joined = true;
    nextSyncMs =
        nowMs
            + jitter(
                Timeouts.syncIntervalMs(
                    cfg.syncIntervalMs(), cfg.probeIntervalMs(), table.inGroupCount()));
    return finish(nowMs);
  }

  /** Time passed; run whatever timers are due. */
  public Actions onTick(long nowMs) {
    begin();
    table.expireSuspicions(nowMs, out);
    table.forgetOld(nowMs);
    expireRelays(nowMs);
    if (!left) {
      if (!joined && nowMs >= nextJoinMs) {
        sendJoin(nowMs);
      }
      stepProbe(nowMs);
      if (nowMs >= nextSyncMs) {
        antiEntropy(nowMs);
      }
    }
    return finish(nowMs);
  }

  /** Leave voluntarily: disseminate LEFT and stop probing (keep answering so it spreads). */
  public Actions leave(long nowMs) {
    begin();
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
    begin();
    table.switchSuspicion(enabled, nowMs, out);
    return finish(nowMs);
  }

  /** Contact the given introducers (or the configured seeds) again, e.g. after a partition. */
  public Actions join(long nowMs, List<HostPort> introducers) {
    begin();
    for (HostPort s : introducers) {
      if (!s.equals(table.self().address()) && !seeds.contains(s)) {
        seeds.add(s);
      }
    }
    if (!left && !seeds.isEmpty()) {
      joined = false;
      nextJoinMs = nowMs;
      sendJoin(nowMs);
    }
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

  private void onSync(HostPort from, Message.Sync s) {
    if (s.wantReply()) {
      sendFullState(from, false, false);
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

  // ---- join and anti-entropy -----------------------------------------------------------------

  private void sendJoin(long nowMs) {
    if (seeds.isEmpty()) {
      joined = true;
      return;
    }
    HostPort seed = seeds.get(seedIndex++ % seeds.size());
    send(seed, new Message.Sync(table.self(), ++seq, true, true, table.selfAnnouncement()));
    nextJoinMs = nowMs + 2 * cfg.probeIntervalMs();
  }

  private void antiEntropy(long nowMs) {
    nextSyncMs =
        nowMs
            + jitter(
                Timeouts.syncIntervalMs(
                    cfg.syncIntervalMs(), cfg.probeIntervalMs(), table.inGroupCount()));
    MemberId peer = table.randomKnownNotLeft();
    if (peer != null) {
      syncs++;
      sendFullState(peer.address(), true, false);
    }
    // a seed that restarted has a new ID nobody knows: announce ourselves so it rebuilds its list
    for (HostPort seed : seeds) {
      if (!table.hasInGroupAt(seed)) {
        send(seed, new Message.Sync(table.self(), ++seq, true, false, table.selfAnnouncement()));
      }
    }
  }

  /** Uniform in [interval/2, 3 interval/2): members that start together do not sync together. */
  private long jitter(long intervalMs) {
    return intervalMs / 2
        + random.nextInt((int) Math.min(Integer.MAX_VALUE, Math.max(1, intervalMs)));
  }

  private void sendFullState(HostPort to, boolean wantReply, boolean join) {
    for (Message.Sync part : packer.fullState(table.self(), ++seq, wantReply, join)) {
      send(to, part);
    }
  }

  // ---- output helpers ------------------------------------------------------------------------

  private Message withGossip(Message m, List<Gossip> first) {
    return packer.withGossip(m, first);
  }

  private void send(HostPort to, Message m) {
    out.send(new Outgoing(to, m));
  }

  private void begin() {
    out = new Actions();
  }

  private Actions finish(long nowMs) {
    long wake = nextProbeMs;
    if (probe != null) {
      wake = Math.min(wake, probe.indirectSent || probe.acked ? probe.endAtMs : probe.timeoutAtMs);
    }
    wake = Math.min(wake, relays.nextDeadlineMs());
    wake = Math.min(wake, nextSyncMs);
    if (!joined) {
      wake = Math.min(wake, nextJoinMs);
    }
    wake = Math.min(wake, table.nextTimerMs());
    out.wakeBy(Math.max(wake, nowMs + 1));
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
    return joined;
  }

  public boolean hasLeft() {
    return left;
  }

  public int localHealth() {
    return health.score();
  }

  public int pendingGossip() {
    return table.pendingGossip();
  }

  public CoreStats stats() {
    return table.stats(probes, probesFailed, pingReqs, nacks, syncs);
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
