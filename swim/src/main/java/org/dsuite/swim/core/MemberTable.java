package org.dsuite.swim.core;

import java.util.List;
import java.util.Map;
import org.dsuite.common.net.HostPort;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.MemberStatus;

/**
 * The member table with the SWIM precedence rules: every state change it accepts is queued for
 * piggybacking and reported as an event. The rows are primitive columns ({@link MemberRows}); the
 * rare parts of a row live beside them (metadata of members that announced some, in {@link
 * TableViews}, {@link Suspects} for suspicion timers, {@link Tombstones} for failed and left
 * members), so a table of N members costs tens of bytes per member and no object per member. This
 * member's own row is {@link SelfState}.
 */
final class MemberTable {
  private final SwimConfig cfg;
  private final SelfState self;
  private final Sizer sizer;

  private final MemberRows rows = new MemberRows();

  private final Suspects suspects;

  /** Metadata, rows as member infos, the member list and the full state. */
  private final TableViews views;

  private final Tombstones tombstones;

  /** Probe targets, ping-req helpers and anti-entropy peers, drawn from the rows. */
  private final PeerChoice peers;

  private int inGroup;

  /** While loading a known membership: learn it without queueing it for dissemination. */
  private boolean quiet;

  private final Retransmits queue = new Retransmits();
  private SuspicionSwitch setting;
  private final DetectionCounters counters = new DetectionCounters();

  MemberTable(
      SwimConfig cfg,
      MemberId self,
      Map<String, String> metadata,
      RandomSource random,
      Sizer sizer,
      LocalHealth health) {
    this.cfg = cfg;
    this.self = new SelfState(self, metadata, health);
    this.sizer = sizer;
    this.suspects = new Suspects(cfg);
    this.views = new TableViews(rows, suspects);
    this.tombstones = new Tombstones(cfg.forgetAfterMs());
    this.peers = new PeerChoice(rows, random);
    // version 0 is the configured default; any operator switch (version >= 1) overrides it
    this.setting = new SuspicionSwitch(cfg.suspicion(), 0, self);
    queue.add(this.self.alive());
  }

  MemberId self() {
    return self.id();
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
            publish(out, MemberEvent.Kind.SUSPICION_SWITCH, self.info(self.left()), nowMs);
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
    if (u.id().equals(self.id())) {
      if (self.onUpdate(u)) {
        queue.add(self.alive());
      }
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
      if (suspects.confirm(u.id(), u.origin())) {
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
      case DEAD, LEFT -> leaveGroup(slot, u.status(), u.incarnation(), nowMs, out);
    }
  }

  private void learn(MemberUpdate u, long nowMs, Actions out) {
    if (rows.size() >= cfg.membersMax() - 1) {
      return; // limit reached: a flood of IDs cannot exhaust memory
    }
    if (u.status().inGroup()) {
      int slot = rows.add(u.id(), MemberStatus.ALIVE, u.incarnation(), nowMs);
      views.setMetadata(u.id(), u.metadata());
      enterGroup(slot);
      if (!quiet) {
        publish(out, MemberEvent.Kind.JOIN, views.info(slot), nowMs);
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

  private void enterGroup(int slot) {
    peers.enter(slot);
    inGroup++;
  }

  private void becomeAlive(int slot, MemberUpdate u, long nowMs, Actions out) {
    MemberStatus prev = rows.status(slot);
    rows.set(slot, MemberStatus.ALIVE, u.incarnation(), nowMs);
    views.setMetadata(u.id(), u.metadata());
    enqueue(u);
    if (prev == MemberStatus.SUSPECT) {
      suspects.remove(u.id());
      publish(out, MemberEvent.Kind.ALIVE, views.info(slot), nowMs);
    } else if (prev == MemberStatus.DEAD) {
      counters.revivals++; // it was declared failed but is alive: a false positive
      enterGroup(slot);
      publish(out, MemberEvent.Kind.JOIN, views.info(slot), nowMs);
    }
  }

  private void becomeSuspect(int slot, long inc, MemberId origin, long nowMs, Actions out) {
    boolean wasAlive = rows.status(slot) == MemberStatus.ALIVE;
    MemberId id = rows.id(slot);
    rows.set(slot, MemberStatus.SUSPECT, inc, rows.timeMs(slot)); // keeps when last heard from
    suspects.start(id, origin, inGroupCount(), nowMs);
    enqueue(new MemberUpdate(id, MemberStatus.SUSPECT, inc, origin, views.metadataOf(id)));
    if (wasAlive) {
      publish(out, MemberEvent.Kind.SUSPECT, views.info(slot), nowMs);
    }
  }

  /** The member at {@code slot} failed ({@code DEAD}) or left ({@code LEFT}) at {@code inc}. */
  private void leaveGroup(int slot, MemberStatus st, long inc, long nowMs, Actions out) {
    boolean wasIn = rows.inGroup(slot);
    MemberId id = rows.id(slot);
    MemberInfo before = wasIn ? views.info(slot) : null;
    suspects.remove(id);
    if (wasIn) {
      inGroup--;
    }
    rows.set(slot, st, inc, nowMs);
    tombstones.add(id);
    enqueue(new MemberUpdate(id, st, inc, id, Map.of()));
    if (wasIn) {
      boolean failed = st == MemberStatus.DEAD;
      counters.failEvents += failed ? 1 : 0;
      publish(
          out,
          failed ? MemberEvent.Kind.FAIL : MemberEvent.Kind.LEAVE,
          new MemberInfo(id, st, inc, before.metadata()),
          nowMs);
    }
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
      counters.suspicionsRaised++;
      becomeSuspect(slot, rows.incarnation(slot), self.id(), nowMs, out);
      return true;
    } else if (suspects.confirm(target, self.id())) {
      queue.add(
          new MemberUpdate(
              target,
              MemberStatus.SUSPECT,
              rows.incarnation(slot),
              self.id(),
              views.metadataOf(target)));
    }
    return false;
  }

  private void declareDead(int slot, long nowMs, Actions out) {
    counters.failuresDeclared++;
    counters.detectionMsTotal += Math.max(0, nowMs - rows.timeMs(slot));
    leaveGroup(slot, MemberStatus.DEAD, rows.incarnation(slot), nowMs, out);
  }

  void expireSuspicions(long nowMs, Actions out) {
    for (MemberId id : suspects.due(nowMs)) {
      declareDead(rows.find(id), nowMs, out);
    }
  }

  void forgetOld(long nowMs) {
    tombstones.forgetOld(
        nowMs,
        rows,
        id -> {
          views.forget(id);
          queue.remove(id);
        });
  }

  /** The accusers refuted since the last call, and forgets them. */
  List<MemberId> drainAccusers() {
    return self.drainAccusers();
  }

  /**
   * Raises this member's incarnation before anyone accused it (lag-aware self-refutation) and
   * queues the new ALIVE as the least-sent update; false if it left.
   */
  boolean raiseSelf() {
    if (!self.raise()) {
      return false;
    }
    queue.add(self.alive());
    return true;
  }

  /** This member's current ALIVE update (for a refutation sent directly). */
  Gossip selfAliveUpdate() {
    return self.alive();
  }

  void heardFrom(MemberId id, long nowMs) {
    int slot = rows.find(id);
    if (slot >= 0 && rows.inGroup(slot)) {
      rows.setTimeMs(slot, nowMs); // a failed member's time is its tombstone's age
    }
  }

  void switchSuspicion(boolean enabled, long nowMs, Actions out) {
    setting = new SuspicionSwitch(enabled, setting.version() + 1, self.id());
    queue.add(setting);
    publish(out, MemberEvent.Kind.SUSPICION_SWITCH, self.info(self.left()), nowMs);
  }

  Gossip leaveSelf() {
    MemberUpdate bye = self.leave();
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
            target,
            MemberStatus.SUSPECT,
            rows.incarnation(slot),
            self.id(),
            views.metadataOf(target)));
  }

  List<Gossip> selfAnnouncement() {
    return List.of(self.alive(), setting);
  }

  /** Everything this member knows, for anti-entropy. */
  List<Gossip> fullState() {
    return views.fullState(List.of(self.left() ? self.leftUpdate() : self.alive(), setting));
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
    return self.info(left);
  }

  /** In-group members ({@code all}: every row), this member first unless it left; by ID. */
  List<MemberInfo> list(boolean left, boolean all) {
    return views.list(all || !left ? self.info(left) : null, all);
  }

  MemberStatus statusOf(MemberId id) {
    if (id.equals(self.id())) {
      return self.left() ? MemberStatus.LEFT : MemberStatus.ALIVE;
    }
    int slot = rows.find(id);
    return slot < 0 ? null : rows.status(slot);
  }

  /** Earliest suspicion deadline or tombstone expiry. */
  long nextTimerMs() {
    return Math.min(suspects.nextDeadlineMs(), tombstones.nextExpiryMs(rows));
  }

  CoreStats stats(long probes, long probesFailed, long pingReqs, long nacks, long syncs) {
    return counters.toStats(probes, probesFailed, pingReqs, nacks, syncs, self.refutations());
  }

  private void publish(Actions out, MemberEvent.Kind kind, MemberInfo info, long nowMs) {
    if (quiet) {
      return;
    }
    out.publish(new MemberEvent(kind, info, nowMs, setting.enabled()));
  }

  void checkInvariants() {
    TableInvariants.check(cfg, rows, suspects, peers, inGroup);
  }

  /** The O(N) checks, for small simulations. */
  void checkInvariantsDeep() {
    checkInvariants();
    TableInvariants.checkDeep(self.id(), rows, suspects, inGroup);
  }
}
