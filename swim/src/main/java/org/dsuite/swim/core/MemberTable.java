package org.dsuite.swim.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsuite.common.net.HostPort;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.MemberStatus;

/**
 * The member table with the SWIM precedence rules, suspicion timers, self-refutation, tombstones
 * and the dissemination queue: every state change it accepts is queued for piggybacking and
 * reported as an event.
 */
final class MemberTable {
  private final SwimConfig cfg;
  private final MemberId self;
  private final Map<String, String> selfMetadata;
  private final RandomSource random;
  private final Sizer sizer;
  private final LocalHealth health;
  private long incarnation;
  private boolean selfLeft;

  private final Map<MemberId, Member> members = new HashMap<>();
  private final ProbeOrder order;
  private final IdPool notLeft = new IdPool();
  private final IdPool inGroupPool = new IdPool();
  private final Set<MemberId> suspects = new LinkedHashSet<>();
  private final ArrayDeque<MemberId> tombstones = new ArrayDeque<>();
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
    this.random = random;
    this.sizer = sizer;
    this.health = health;
    this.order = new ProbeOrder(random);
    // version 0 is the configured default; any operator switch (version >= 1) overrides it
    this.setting = new SuspicionSwitch(cfg.suspicion(), 0, self);
    queue.add(selfAlive());
  }

  MemberId self() {
    return self;
  }

  // ---- applying updates ----------------------------------------------------------------------

  void applyAll(List<Gossip> gossip, long nowMs, Actions out) {
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

  private void apply(MemberUpdate u, long nowMs, Actions out) {
    if (u.id().equals(self)) {
      applySelf(u);
      return;
    }
    Member m = members.get(u.id());
    if (m == null) {
      learn(u, nowMs, out);
      return;
    }
    if (Precedence.isConfirmation(m.state, u.status(), u.incarnation())) {
      if (m.suspicion.confirm(u.origin())) {
        queue.add(u);
      }
      return;
    }
    if (!Precedence.supersedes(m.state, u.status(), u.incarnation())) {
      return;
    }
    switch (u.status()) {
      case ALIVE -> becomeAlive(m, u, nowMs, out);
      case SUSPECT -> becomeSuspect(m, u.incarnation(), u.origin(), nowMs, out);
      case DEAD -> becomeDead(m, u.incarnation(), nowMs, out);
      case LEFT -> becomeLeft(m, u.incarnation(), nowMs, out);
    }
  }

  private void learn(MemberUpdate u, long nowMs, Actions out) {
    if (members.size() >= cfg.membersMax() - 1) {
      return; // limit reached: a flood of IDs cannot exhaust memory
    }
    if (u.status().inGroup()) {
      Member m = new Member(u.id(), new MemberState.Alive(u.incarnation(), nowMs), u.metadata());
      m.lastHeardMs = nowMs;
      members.put(u.id(), m);
      enterGroup(m);
      publish(out, MemberEvent.Kind.JOIN, m.info(), nowMs);
      if (u.status() == MemberStatus.SUSPECT) {
        becomeSuspect(m, u.incarnation(), u.origin(), nowMs, out);
      } else {
        queue.add(u);
      }
    } else {
      // a tombstone, so an older ALIVE still in flight cannot resurrect the member
      Member m = new Member(u.id(), MemberState.of(u.status(), u.incarnation(), nowMs), Map.of());
      members.put(u.id(), m);
      if (u.status() == MemberStatus.DEAD) {
        notLeft.add(u.id());
      }
      tombstones.add(u.id());
      queue.add(u);
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

  private void enterGroup(Member m) {
    order.insert(m.id);
    notLeft.add(m.id);
    inGroupPool.add(m.id);
  }

  private void becomeAlive(Member m, MemberUpdate u, long nowMs, Actions out) {
    MemberState prev = m.state;
    m.state = new MemberState.Alive(u.incarnation(), nowMs);
    m.metadata = u.metadata();
    m.lastHeardMs = nowMs;
    queue.add(u);
    if (prev instanceof MemberState.Suspect) {
      clearSuspicion(m);
      publish(out, MemberEvent.Kind.ALIVE, m.info(), nowMs);
    } else if (prev instanceof MemberState.Dead) {
      revivals++; // it was declared failed but is alive: a false positive
      enterGroup(m);
      publish(out, MemberEvent.Kind.JOIN, m.info(), nowMs);
    }
  }

  private void becomeSuspect(Member m, long inc, MemberId origin, long nowMs, Actions out) {
    boolean wasAlive = m.state instanceof MemberState.Alive;
    m.state = new MemberState.Suspect(inc, nowMs);
    int n = inGroupCount();
    long min = Timeouts.suspicionMinMs(cfg.suspicionMultiplier(), n, cfg.probeIntervalMs());
    long max = cfg.lifeguard() ? (long) Math.ceil(cfg.suspicionMaxMultiplier() * min) : min;
    int expected = cfg.lifeguard() ? Math.max(0, Math.min(cfg.indirectChecks(), n - 2)) : 0;
    m.suspicion = new Suspicion(nowMs, origin, expected, min, max);
    suspects.add(m.id);
    queue.add(new MemberUpdate(m.id, MemberStatus.SUSPECT, inc, origin, m.metadata));
    if (wasAlive) {
      publish(out, MemberEvent.Kind.SUSPECT, m.info(), nowMs);
    }
  }

  private void becomeDead(Member m, long inc, long nowMs, Actions out) {
    boolean wasIn = m.inGroup();
    leaveGroup(m);
    m.state = new MemberState.Dead(inc, nowMs);
    tombstones.add(m.id);
    queue.add(new MemberUpdate(m.id, MemberStatus.DEAD, inc, m.id, Map.of()));
    if (wasIn) {
      failEvents++;
      publish(out, MemberEvent.Kind.FAIL, m.info(), nowMs);
    }
  }

  private void becomeLeft(Member m, long inc, long nowMs, Actions out) {
    boolean wasIn = m.inGroup();
    leaveGroup(m);
    notLeft.remove(m.id);
    m.state = new MemberState.Left(inc, nowMs);
    tombstones.add(m.id);
    queue.add(new MemberUpdate(m.id, MemberStatus.LEFT, inc, m.id, Map.of()));
    if (wasIn) {
      publish(out, MemberEvent.Kind.LEAVE, m.info(), nowMs);
    }
  }

  private void leaveGroup(Member m) {
    clearSuspicion(m);
    inGroupPool.remove(m.id);
  }

  private void clearSuspicion(Member m) {
    m.suspicion = null;
    suspects.remove(m.id);
  }

  // ---- local decisions -----------------------------------------------------------------------

  /**
   * The probe of {@code target} got no ack, direct or indirect; true if this raised a new
   * suspicion.
   */
  boolean probeFailed(MemberId target, long nowMs, Actions out) {
    Member m = members.get(target);
    if (m == null || !m.inGroup()) {
      return false;
    }
    if (!setting.enabled()) {
      declareDead(m, nowMs, out); // PingAck: no second chance
    } else if (m.state instanceof MemberState.Alive) {
      suspicionsRaised++;
      becomeSuspect(m, m.state.incarnation(), self, nowMs, out);
      return true;
    } else if (m.suspicion.confirm(self)) {
      queue.add(
          new MemberUpdate(m.id, MemberStatus.SUSPECT, m.state.incarnation(), self, m.metadata));
    }
    return false;
  }

  private void declareDead(Member m, long nowMs, Actions out) {
    failuresDeclared++;
    detectionMsTotal += Math.max(0, nowMs - m.lastHeardMs);
    becomeDead(m, m.state.incarnation(), nowMs, out);
  }

  void expireSuspicions(long nowMs, Actions out) {
    if (suspects.isEmpty()) {
      return;
    }
    for (MemberId id : new ArrayList<>(suspects)) {
      Member m = members.get(id);
      if (nowMs >= m.suspicion.deadlineMs()) {
        declareDead(m, nowMs, out);
      }
    }
  }

  void forgetOld(long nowMs) {
    while (!tombstones.isEmpty()) {
      MemberId id = tombstones.peekFirst();
      Member m = members.get(id);
      if (m == null || m.inGroup()) {
        tombstones.pollFirst(); // revived or already forgotten
      } else if (nowMs - m.state.sinceMs() >= cfg.forgetAfterMs()) {
        tombstones.pollFirst();
        members.remove(id);
        notLeft.remove(id);
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

  void forgetGossipAbout(MemberId id) {
    if (!id.equals(self)) {
      queue.remove(id);
    }
  }

  void heardFrom(MemberId id, long nowMs) {
    Member m = members.get(id);
    if (m != null) {
      m.lastHeardMs = nowMs;
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
    return order.next(
        id -> {
          Member m = members.get(id);
          return m != null && m.inGroup();
        });
  }

  /** Up to {@code n} distinct random alive members other than {@code exclude}. */
  List<MemberId> randomInGroup(int n, MemberId exclude) {
    List<MemberId> out = new ArrayList<>();
    int available = inGroupPool.size() - (exclude != null && members.containsKey(exclude) ? 1 : 0);
    int want = Math.min(n, available);
    for (int tries = 0; out.size() < want && tries < 4 * want + 8; tries++) {
      MemberId id = inGroupPool.random(random);
      if (!id.equals(exclude) && !out.contains(id)) {
        boolean suspect = members.get(id).state instanceof MemberState.Suspect;
        if (!suspect || tries > 2 * want) {
          out.add(id);
        }
      }
    }
    return out;
  }

  /** A random member that has not left (failed ones included, so a healed partition merges). */
  MemberId randomKnownNotLeft() {
    return notLeft.random(random);
  }

  boolean hasInGroupAt(HostPort address) {
    for (MemberId id : suspects) {
      if (id.address().equals(address)) {
        return true;
      }
    }
    for (Member m : members.values()) {
      if (m.inGroup() && m.id.address().equals(address)) {
        return true;
      }
    }
    return false;
  }

  List<Gossip> piggyback(int budgetBytes) {
    int limit = Timeouts.retransmitLimit(cfg.retransmitMultiplier(), inGroupCount());
    return queue.take(budgetBytes, limit, sizer::sizeOf);
  }

  /** A suspicion about {@code target}, sent with the probe itself (Lifeguard's buddy system). */
  List<Gossip> suspicionAbout(MemberId target) {
    Member m = members.get(target);
    if (m == null || !(m.state instanceof MemberState.Suspect)) {
      return List.of();
    }
    return List.of(
        new MemberUpdate(target, MemberStatus.SUSPECT, m.state.incarnation(), self, m.metadata));
  }

  List<Gossip> selfAnnouncement() {
    return List.of(selfAlive(), setting);
  }

  /** Everything this member knows, for anti-entropy. */
  List<Gossip> fullState() {
    List<Gossip> out = new ArrayList<>(members.size() + 2);
    out.add(
        selfLeft
            ? new MemberUpdate(self, MemberStatus.LEFT, incarnation, self, Map.of())
            : selfAlive());
    out.add(setting);
    for (Member m : members.values()) {
      out.add(new MemberUpdate(m.id, m.state.status(), m.state.incarnation(), self, m.metadata));
    }
    return out;
  }

  private MemberUpdate selfAlive() {
    return MemberUpdate.alive(self, incarnation, selfMetadata);
  }

  // ---- queries -------------------------------------------------------------------------------

  /** Members in the group, this member included. */
  int inGroupCount() {
    return inGroupPool.size() + 1;
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
    List<MemberInfo> out = new ArrayList<>();
    if (!left) {
      out.add(selfInfo(false));
    }
    for (Member m : members.values()) {
      if (m.inGroup()) {
        out.add(m.info());
      }
    }
    out.sort(Comparator.comparing(MemberInfo::id));
    return out;
  }

  List<MemberInfo> allKnown(boolean left) {
    List<MemberInfo> out = new ArrayList<>();
    out.add(selfInfo(left));
    for (Member m : members.values()) {
      out.add(m.info());
    }
    out.sort(Comparator.comparing(MemberInfo::id));
    return out;
  }

  MemberStatus statusOf(MemberId id) {
    if (id.equals(self)) {
      return selfLeft ? MemberStatus.LEFT : MemberStatus.ALIVE;
    }
    Member m = members.get(id);
    return m == null ? null : m.state.status();
  }

  /** Earliest suspicion deadline or tombstone expiry. */
  long nextTimerMs() {
    long t = Long.MAX_VALUE;
    for (MemberId id : suspects) {
      t = Math.min(t, members.get(id).suspicion.deadlineMs());
    }
    MemberId first = tombstones.peekFirst();
    if (first != null) {
      Member m = members.get(first);
      t = Math.min(t, m == null ? 0 : m.state.sinceMs() + cfg.forgetAfterMs());
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
    out.publish(new MemberEvent(kind, info, nowMs, setting.enabled()));
  }

  void checkInvariants() {
    if (members.containsKey(self)) {
      throw new IllegalStateException("self in member table");
    }
    if (members.size() >= cfg.membersMax()) {
      throw new IllegalStateException("member table over its limit");
    }
    if (inGroupPool.size() > members.size() || notLeft.size() > members.size()) {
      throw new IllegalStateException("pools larger than the table");
    }
    for (MemberId id : suspects) {
      Member m = members.get(id);
      if (m == null || !(m.state instanceof MemberState.Suspect) || m.suspicion == null) {
        throw new IllegalStateException("suspect set out of step for " + id);
      }
    }
  }

  /** The O(N) checks, for small simulations. */
  void checkInvariantsDeep() {
    checkInvariants();
    int in = 0;
    for (Member m : members.values()) {
      boolean isSuspect = m.state instanceof MemberState.Suspect;
      if (isSuspect != (m.suspicion != null) || isSuspect != suspects.contains(m.id)) {
        throw new IllegalStateException("suspicion timer out of step for " + m.id);
      }
      in += m.inGroup() ? 1 : 0;
    }
    if (in != inGroupPool.size()) {
      throw new IllegalStateException("in-group count " + inGroupPool.size() + " != " + in);
    }
  }
}
