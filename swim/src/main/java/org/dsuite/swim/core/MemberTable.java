package org.dsuite.swim.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsuite.common.net.HostPort;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.MemberStatus;

/**
 * The member table with the SWIM precedence rules, suspicion timers, self-refutation, tombstones
 * and the dissemination queue: every state change it accepts is queued for piggybacking and
 * reported as an event. The rows are primitive columns ({@link MemberRows}); the rare parts of a
 * row (non-empty metadata, a running suspicion) live in side maps, so a table of N members costs
 * tens of bytes per member and no object per member.
 */
final class MemberTable {
  private final SwimConfig cfg;
  private final MemberId self;
  private final Map<String, String> selfMetadata;
  private final Sizer sizer;
  private final LocalHealth health;
  private long incarnation;
  private boolean selfLeft;

  private final MemberRows rows = new MemberRows();

  /** Metadata of the members that announced any (absent means empty). */
  private final Map<MemberId, Map<String, String>> metadata = new HashMap<>();

  /** Running suspicion timers, in the order they started: exactly the SUSPECT rows. */
  private final Map<MemberId, Suspicion> suspects = new LinkedHashMap<>();

  /** Probe targets, ping-req helpers and anti-entropy peers, drawn from the rows. */
  private final PeerChoice peers;

  private int inGroup;
  private final ArrayDeque<MemberId> tombstones = new ArrayDeque<>();

  /** While loading a known membership: learn it without queueing it for dissemination. */
  private boolean quiet;

  private final Retransmits queue = new Retransmits();
  private SuspicionSwitch setting;

  /** Members whose accusations this member just refuted; told directly (see SwimCore). */
  private final List<MemberId> accusers = new ArrayList<>();

  private long suspicionsRaised;
  private long failuresDeclared;
  private long failEvents;
  private long refutations;
  private long revivals;
  private long detectionMsTotal;

  MemberTable(
      SwimConfig cfg,
      MemberId self,
      Map<String, String> metadata,
      RandomSource random,
      Sizer sizer,
      LocalHealth health) {
    this.cfg = cfg;
    this.self = self;
    this.selfMetadata = Map.copyOf(metadata);
    this.sizer = sizer;
    this.health = health;
    this.peers = new PeerChoice(rows, random);
    // version 0 is the configured default; any operator switch (version >= 1) overrides it
    this.setting = new SuspicionSwitch(cfg.suspicion(), 0, self);
    queue.add(selfAlive());
  }

  MemberId self() {
    return self;
  }

  // ---- applying updates ----------------------------------------------------------------------

  /**
   * Learns a known membership (a snapshot, or a simulation that starts fully joined) without
   * queueing it for dissemination, since everyone else knows it too, and without events: it is the
   * starting point that {@link #members} reports, not N joins (10^8 events for a simulation of
   * 10,000 members).
   */
  void load(List<MemberUpdate> known, long nowMs, Actions out) {
    int n = Math.min(cfg.membersMax() - 1, rows.size() + known.size());
    rows.reserve(n);
    peers.reserve(n);
    quiet = true;
    try {
      applyAll(known, nowMs, out);
    } finally {
      quiet = false;
    }
  }

  void applyAll(List<? extends Gossip> gossip, long nowMs, Actions out) {
    for (Gossip g : gossip) {
      if (g instanceof SuspicionSwitch s) {
        if (s.newerThan(setting)) {
          boolean flipped = s.enabled() != setting.enabled();
          setting = s;
          queue.add(s);
          if (flipped) {
            publish(out, MemberEvent.Kind.SUSPICION_SWITCH, selfInfo(selfLeft), nowMs);
          }
        }
      } else {
        apply((MemberUpdate) g, nowMs, out);
      }
    }
  }

  private void enqueue(MemberUpdate u) {
    if (!quiet) {
      queue.add(u);
    }
  }

  private void apply(MemberUpdate u, long nowMs, Actions out) {
    if (u.id().equals(self)) {
      applySelf(u);
      return;
    }
    int slot = rows.find(u.id());
    if (slot < 0) {
      learn(u, nowMs, out);
      return;
    }
    MemberStatus st = rows.status(slot);
    long inc = rows.incarnation(slot);
    if (Precedence.isConfirmation(st, inc, u.status(), u.incarnation())) {
      if (suspects.get(u.id()).confirm(u.origin())) {
        enqueue(u);
      }
      return;
    }
    if (!Precedence.supersedes(st, inc, u.status(), u.incarnation())) {
      return;
    }
    switch (u.status()) {
      case ALIVE -> becomeAlive(slot, u, nowMs, out);
      case SUSPECT -> becomeSuspect(slot, u.incarnation(), u.origin(), nowMs, out);
      case DEAD -> becomeDead(slot, u.incarnation(), nowMs, out);
      case LEFT -> becomeLeft(slot, u.incarnation(), nowMs, out);
    }
  }

  private void learn(MemberUpdate u, long nowMs, Actions out) {
    if (rows.size() >= cfg.membersMax() - 1) {
      return; // limit reached: a flood of IDs cannot exhaust memory
    }
    if (u.status().inGroup()) {
      int slot = rows.add(u.id(), MemberStatus.ALIVE, u.incarnation(), nowMs);
      setMetadata(u.id(), u.metadata());
      enterGroup(slot);
      if (!quiet) {
        publish(out, MemberEvent.Kind.JOIN, info(slot), nowMs);
      }
      if (u.status() == MemberStatus.SUSPECT) {
        becomeSuspect(slot, u.incarnation(), u.origin(), nowMs, out);
      } else {
        enqueue(u);
      }
    } else {
      // a tombstone, so an older ALIVE still in flight cannot resurrect the member
      rows.add(u.id(), u.status(), u.incarnation(), nowMs);
      tombstones.add(u.id());
      enqueue(u);
    }
  }

  private void applySelf(MemberUpdate u) {
    if (selfLeft) {
      return; // leaving: let the group forget us
    }
    boolean accused = u.status() != MemberStatus.ALIVE;
    if (u.incarnation() > incarnation || (accused && u.incarnation() == incarnation)) {
      incarnation = u.incarnation() + 1;
      if (accused) {
        refutations++;
        health.add(1); // Lifeguard: being suspected hints that we are the slow one
        if (!u.origin().equals(self) && accusers.size() < 16) {
          accusers.add(u.origin());
        }
      }
      queue.add(selfAlive());
    }
  }

  private void enterGroup(int slot) {
    peers.enter(slot);
    inGroup++;
  }

  private void becomeAlive(int slot, MemberUpdate u, long nowMs, Actions out) {
    MemberStatus prev = rows.status(slot);
    rows.set(slot, MemberStatus.ALIVE, u.incarnation(), nowMs);
    setMetadata(u.id(), u.metadata());
    enqueue(u);
    if (prev == MemberStatus.SUSPECT) {
      suspects.remove(u.id());
      publish(out, MemberEvent.Kind.ALIVE, info(slot), nowMs);
    } else if (prev == MemberStatus.DEAD) {
      revivals++; // it was declared failed but is alive: a false positive
      enterGroup(slot);
      publish(out, MemberEvent.Kind.JOIN, info(slot), nowMs);
    }
  }

  private void becomeSuspect(int slot, long inc, MemberId origin, long nowMs, Actions out) {
    boolean wasAlive = rows.status(slot) == MemberStatus.ALIVE;
    MemberId id = rows.id(slot);
    rows.set(slot, MemberStatus.SUSPECT, inc, rows.timeMs(slot)); // keeps when last heard from
    int n = inGroupCount();
    long min = Timeouts.suspicionMinMs(cfg.suspicionMultiplier(), n, cfg.probeIntervalMs());
    long max = cfg.lifeguard() ? (long) Math.ceil(cfg.suspicionMaxMultiplier() * min) : min;
    int expected = cfg.lifeguard() ? Math.max(0, Math.min(cfg.indirectChecks(), n - 2)) : 0;
    suspects.put(id, new Suspicion(nowMs, origin, expected, min, max));
    enqueue(new MemberUpdate(id, MemberStatus.SUSPECT, inc, origin, metadataOf(id)));
    if (wasAlive) {
      publish(out, MemberEvent.Kind.SUSPECT, info(slot), nowMs);
    }
  }

  private void becomeDead(int slot, long inc, long nowMs, Actions out) {
    boolean wasIn = rows.inGroup(slot);
    MemberId id = rows.id(slot);
    MemberInfo before = wasIn ? info(slot) : null;
    leaveGroup(slot);
    rows.set(slot, MemberStatus.DEAD, inc, nowMs);
    tombstones.add(id);
    enqueue(new MemberUpdate(id, MemberStatus.DEAD, inc, id, Map.of()));
    if (wasIn) {
      failEvents++;
      publish(out, MemberEvent.Kind.FAIL, withStatus(before, MemberStatus.DEAD, inc), nowMs);
    }
  }

  private void becomeLeft(int slot, long inc, long nowMs, Actions out) {
    boolean wasIn = rows.inGroup(slot);
    MemberId id = rows.id(slot);
    MemberInfo before = wasIn ? info(slot) : null;
    leaveGroup(slot);
    rows.set(slot, MemberStatus.LEFT, inc, nowMs);
    tombstones.add(id);
    enqueue(new MemberUpdate(id, MemberStatus.LEFT, inc, id, Map.of()));
    if (wasIn) {
      publish(out, MemberEvent.Kind.LEAVE, withStatus(before, MemberStatus.LEFT, inc), nowMs);
    }
  }

  private void leaveGroup(int slot) {
    suspects.remove(rows.id(slot));
    if (rows.inGroup(slot)) {
      inGroup--;
    }
  }

  private static MemberInfo withStatus(MemberInfo before, MemberStatus st, long inc) {
    return new MemberInfo(before.id(), st, inc, before.metadata());
  }

  // ---- local decisions -----------------------------------------------------------------------

  /**
   * The probe of {@code target} got no ack, direct or indirect; true if this raised a new
   * suspicion.
   */
  boolean probeFailed(MemberId target, long nowMs, Actions out) {
    int slot = rows.find(target);
    if (slot < 0 || !rows.inGroup(slot)) {
      return false;
    }
    if (!setting.enabled()) {
      declareDead(slot, nowMs, out); // PingAck: no second chance
    } else if (rows.status(slot) == MemberStatus.ALIVE) {
      suspicionsRaised++;
      becomeSuspect(slot, rows.incarnation(slot), self, nowMs, out);
      return true;
    } else if (suspects.get(target).confirm(self)) {
      queue.add(
          new MemberUpdate(
              target, MemberStatus.SUSPECT, rows.incarnation(slot), self, metadataOf(target)));
    }
    return false;
  }

  private void declareDead(int slot, long nowMs, Actions out) {
    failuresDeclared++;
    detectionMsTotal += Math.max(0, nowMs - rows.timeMs(slot));
    becomeDead(slot, rows.incarnation(slot), nowMs, out);
  }

  void expireSuspicions(long nowMs, Actions out) {
    if (suspects.isEmpty()) {
      return;
    }
    List<MemberId> due = new ArrayList<>();
    for (Map.Entry<MemberId, Suspicion> e : suspects.entrySet()) {
      if (nowMs >= e.getValue().deadlineMs()) {
        due.add(e.getKey());
      }
    }
    for (MemberId id : due) {
      declareDead(rows.find(id), nowMs, out);
    }
  }

  void forgetOld(long nowMs) {
    while (!tombstones.isEmpty()) {
      MemberId id = tombstones.peekFirst();
      int slot = rows.find(id);
      if (slot < 0 || rows.inGroup(slot)) {
        tombstones.pollFirst(); // revived or already forgotten
      } else if (nowMs - rows.timeMs(slot) >= cfg.forgetAfterMs()) {
        tombstones.pollFirst();
        rows.remove(slot);
        metadata.remove(id);
        queue.remove(id);
      } else {
        return;
      }
    }
  }

  /** The accusers refuted since the last call, and forgets them. */
  List<MemberId> drainAccusers() {
    if (accusers.isEmpty()) {
      return List.of();
    }
    List<MemberId> out = List.copyOf(accusers);
    accusers.clear();
    return out;
  }

  /** This member's current ALIVE update (for a refutation sent directly). */
  Gossip selfAliveUpdate() {
    return selfAlive();
  }

  void heardFrom(MemberId id, long nowMs) {
    int slot = rows.find(id);
    if (slot >= 0 && rows.inGroup(slot)) {
      rows.setTimeMs(slot, nowMs); // a failed member's time is its tombstone's age
    }
  }

  void switchSuspicion(boolean enabled, long nowMs, Actions out) {
    setting = new SuspicionSwitch(enabled, setting.version() + 1, self);
    queue.add(setting);
    publish(out, MemberEvent.Kind.SUSPICION_SWITCH, selfInfo(selfLeft), nowMs);
  }

  Gossip leaveSelf() {
    selfLeft = true;
    MemberUpdate bye = new MemberUpdate(self, MemberStatus.LEFT, incarnation, self, Map.of());
    queue.add(bye);
    return bye;
  }

  // ---- choosing peers and gossip -------------------------------------------------------------

  MemberId nextProbeTarget() {
    return peers.nextProbeTarget();
  }

  /** Up to {@code n} distinct random in-group members other than {@code exclude}. */
  List<MemberId> randomInGroup(int n, MemberId exclude) {
    return peers.randomInGroup(n, exclude, inGroup);
  }

  /** A random member that has not left (failed ones included, so a healed partition merges). */
  MemberId randomKnownNotLeft() {
    return peers.randomKnownNotLeft();
  }

  /** Whether a member in the group listens at {@code address} (O(N); anti-entropy only). */
  boolean hasInGroupAt(HostPort address) {
    return peers.hasInGroupAt(address);
  }

  List<Gossip> piggyback(int budgetBytes) {
    int limit = Timeouts.retransmitLimit(cfg.retransmitMultiplier(), inGroupCount());
    return queue.take(budgetBytes, limit, sizer::sizeOf);
  }

  /** A suspicion about {@code target}, sent with the probe itself (Lifeguard's buddy system). */
  List<Gossip> suspicionAbout(MemberId target) {
    int slot = rows.find(target);
    if (slot < 0 || rows.status(slot) != MemberStatus.SUSPECT) {
      return List.of();
    }
    return List.of(
        new MemberUpdate(
            target, MemberStatus.SUSPECT, rows.incarnation(slot), self, metadataOf(target)));
  }

  List<Gossip> selfAnnouncement() {
    return List.of(selfAlive(), setting);
  }

  /** Everything this member knows, for anti-entropy. */
  List<Gossip> fullState() {
    List<Gossip> out = new ArrayList<>(rows.size() + 2);
    out.add(
        selfLeft
            ? new MemberUpdate(self, MemberStatus.LEFT, incarnation, self, Map.of())
            : selfAlive());
    out.add(setting);
    for (int slot = 0; slot < rows.highWater(); slot++) {
      if (rows.live(slot)) {
        MemberId id = rows.id(slot);
        MemberStatus st = rows.status(slot);
        // a suspicion keeps its accuser: relabelled with our ID, every exchange would count as a
        // Lifeguard confirmation and cut the suspect's time to refute from max to min
        MemberId origin = st == MemberStatus.SUSPECT ? suspects.get(id).origin() : id;
        out.add(new MemberUpdate(id, st, rows.incarnation(slot), origin, metadataOf(id)));
      }
    }
    return out;
  }

  private MemberUpdate selfAlive() {
    return MemberUpdate.alive(self, incarnation, selfMetadata);
  }

  private void setMetadata(MemberId id, Map<String, String> md) {
    if (md.isEmpty()) {
      metadata.remove(id);
    } else {
      metadata.put(id, md);
    }
  }

  private Map<String, String> metadataOf(MemberId id) {
    return metadata.getOrDefault(id, Map.of());
  }

  private MemberInfo info(int slot) {
    MemberId id = rows.id(slot);
    return new MemberInfo(id, rows.status(slot), rows.incarnation(slot), metadataOf(id));
  }

  // ---- queries -------------------------------------------------------------------------------

  /** Members in the group, this member included. */
  int inGroupCount() {
    return inGroup + 1;
  }

  boolean suspicionEnabled() {
    return setting.enabled();
  }

  int pendingGossip() {
    return queue.size();
  }

  MemberInfo selfInfo(boolean left) {
    return new MemberInfo(
        self, left ? MemberStatus.LEFT : MemberStatus.ALIVE, incarnation, selfMetadata);
  }

  List<MemberInfo> members(boolean left) {
    return list(left, false);
  }

  List<MemberInfo> allKnown(boolean left) {
    return list(left, true);
  }

  private List<MemberInfo> list(boolean left, boolean all) {
    List<MemberInfo> out = new ArrayList<>();
    if (all || !left) {
      out.add(selfInfo(left));
    }
    for (int slot = 0; slot < rows.highWater(); slot++) {
      if (all ? rows.live(slot) : rows.inGroup(slot)) {
        out.add(info(slot));
      }
    }
    out.sort(Comparator.comparing(MemberInfo::id));
    return out;
  }

  MemberStatus statusOf(MemberId id) {
    if (id.equals(self)) {
      return selfLeft ? MemberStatus.LEFT : MemberStatus.ALIVE;
    }
    int slot = rows.find(id);
    return slot < 0 ? null : rows.status(slot);
  }

  /** Earliest suspicion deadline or tombstone expiry. */
  long nextTimerMs() {
    long t = Long.MAX_VALUE;
    for (Suspicion s : suspects.values()) {
      t = Math.min(t, s.deadlineMs());
    }
    MemberId first = tombstones.peekFirst();
    if (first != null) {
      int slot = rows.find(first);
      t = Math.min(t, slot < 0 ? 0 : rows.timeMs(slot) + cfg.forgetAfterMs());
    }
    return t;
  }

  CoreStats stats(long probes, long probesFailed, long pingReqs, long nacks, long syncs) {
    return new CoreStats(
        probes,
        probesFailed,
        pingReqs,
        nacks,
        suspicionsRaised,
        failuresDeclared,
        failEvents,
        refutations,
        revivals,
        syncs,
        detectionMsTotal);
  }

  private void publish(Actions out, MemberEvent.Kind kind, MemberInfo info, long nowMs) {
    if (quiet) {
      return;
    }
    out.publish(new MemberEvent(kind, info, nowMs, setting.enabled()));
  }

  void checkInvariants() {
    if (rows.size() >= cfg.membersMax()) {
      throw new IllegalStateException("member table over its limit");
    }
    if (inGroup > rows.size() || inGroup > peers.probeOrderSize()) {
      throw new IllegalStateException("in-group count larger than the table or the probe order");
    }
    for (MemberId id : suspects.keySet()) {
      int slot = rows.find(id);
      if (slot < 0 || rows.status(slot) != MemberStatus.SUSPECT) {
        throw new IllegalStateException("suspect set out of step for " + id);
      }
    }
  }

  /** The O(N) checks, for small simulations. */
  void checkInvariantsDeep() {
    checkInvariants();
    if (rows.find(self) >= 0) {
      throw new IllegalStateException("self in member table");
    }
    int in = 0;
    int suspect = 0;
    int live = 0;
    for (int slot = 0; slot < rows.highWater(); slot++) {
      if (!rows.live(slot)) {
        continue;
      }
      live++;
      MemberId id = rows.id(slot);
      if (rows.find(id) != slot) {
        throw new IllegalStateException("index out of step for " + id);
      }
      suspect += rows.status(slot) == MemberStatus.SUSPECT ? 1 : 0;
      in += rows.inGroup(slot) ? 1 : 0;
    }
    if (suspect != suspects.size()) {
      throw new IllegalStateException("suspicion timers " + suspects.size() + " != " + suspect);
    }
    if (in != inGroup || live != rows.size()) {
      throw new IllegalStateException("in-group count " + inGroup + " != " + in);
    }
  }
}
