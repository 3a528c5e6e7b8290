package org.dsuite.swim.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.dsuite.common.net.HostPort;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;

/**
 * Joining through the seeds and anti-entropy, the part of {@link SwimCore} that exchanges whole
 * member lists: a new member sends a join (a Sync with its Alive) to each seed in turn every 2
 * periods until one answers with its full state; every sync interval (scaled with N, jittered) a
 * member exchanges its full state with a random member that has not left, and announces itself to
 * any seed address with no live member in its table, so a restarted introducer (a new ID) rebuilds
 * its list. Not thread-safe, like the core that owns it.
 */
final class JoinAndSync {
  private final SwimConfig cfg;
  private final MemberTable table;
  private final Packer packer;
  private final RandomSource random;
  private final LongSupplier nextSeq;
  private final List<HostPort> seeds = new ArrayList<>();

  private boolean joined;
  private long nextJoinMs;
  private int seedIndex;
  private long nextSyncMs;
  private long syncs;

  JoinAndSync(
      SwimConfig cfg,
      MemberTable table,
      Packer packer,
      RandomSource random,
      LongSupplier nextSeq,
      long nowMs) {
    this.cfg = cfg;
    this.table = table;
    this.packer = packer;
    this.random = random;
    this.nextSeq = nextSeq;
    for (HostPort s : cfg.seeds()) {
      if (!s.equals(table.self().address())) {
        seeds.add(s);
      }
    }
    this.joined = seeds.isEmpty();
    this.nextSyncMs = nowMs + jitter(cfg.syncIntervalMs());
    this.nextJoinMs = nowMs;
  }

  /** Any message from another member means we are in a group. */
  void heardFromGroup() {
    joined = true;
  }

  /** Started from a known membership: joined, and the first exchange paced for its size. */
  void bootstrapped(long nowMs) {
    joined = true;
    nextSyncMs = nowMs + jitter(syncIntervalMs());
  }

  /** Sends a join to the next seed if one is due. */
  void joinIfDue(long nowMs, Actions out) {
    if (!joined && nowMs >= nextJoinMs) {
      sendJoin(nowMs, out);
    }
  }

  /** Runs an anti-entropy exchange if one is due. */
  void syncIfDue(long nowMs, Actions out) {
    if (nowMs >= nextSyncMs) {
      antiEntropy(nowMs, out);
    }
  }

  /**
   * Adds {@code introducers} to the seeds and, unless this member has left, contacts them (or the
   * configured seeds) again.
   */
  void rejoin(long nowMs, List<HostPort> introducers, boolean left, Actions out) {
    for (HostPort s : introducers) {
      if (!s.equals(table.self().address()) && !seeds.contains(s)) {
        seeds.add(s);
      }
    }
    if (!left && !seeds.isEmpty()) {
      joined = false;
      nextJoinMs = nowMs;
      sendJoin(nowMs, out);
    }
  }

  /** A Sync arrived: answer with our full state if the sender asked for it. */
  void onSync(HostPort from, Message.Sync s, Actions out) {
    if (s.wantReply()) {
      sendFullState(from, false, out);
    }
  }

  /** The earliest time a join or an exchange is due. */
  long nextWakeMs() {
    return joined ? nextSyncMs : Math.min(nextSyncMs, nextJoinMs);
  }

  boolean joined() {
    return joined;
  }

  long syncs() {
    return syncs;
  }

  private void sendJoin(long nowMs, Actions out) {
    if (seeds.isEmpty()) {
      joined = true;
      return;
    }
    HostPort seed = seeds.get(seedIndex++ % seeds.size());
    send(
        out,
        seed,
        new Message.Sync(table.self(), nextSeq.getAsLong(), true, true, table.selfAnnouncement()));
    nextJoinMs = nowMs + 2 * cfg.probeIntervalMs();
  }

  private void antiEntropy(long nowMs, Actions out) {
    nextSyncMs = nowMs + jitter(syncIntervalMs());
    MemberId peer = table.randomKnownNotLeft();
    if (peer != null) {
      syncs++;
      sendFullState(peer.address(), true, out);
    }
    // a seed that restarted has a new ID nobody knows: announce ourselves so it rebuilds its list
    for (HostPort seed : seeds) {
      if (!table.hasInGroupAt(seed)) {
        send(
            out,
            seed,
            new Message.Sync(
                table.self(), nextSeq.getAsLong(), true, false, table.selfAnnouncement()));
      }
    }
  }

  private long syncIntervalMs() {
    return Timeouts.syncIntervalMs(
        cfg.syncIntervalMs(), cfg.probeIntervalMs(), table.inGroupCount());
  }

  /** Uniform in [interval/2, 3 interval/2): members that start together do not sync together. */
  private long jitter(long intervalMs) {
    return intervalMs / 2
        + random.nextInt((int) Math.min(Integer.MAX_VALUE, Math.max(1, intervalMs)));
  }

  private void sendFullState(HostPort to, boolean wantReply, Actions out) {
    for (Message.Sync part :
        packer.fullState(table.self(), nextSeq.getAsLong(), wantReply, false)) {
      send(out, to, part);
    }
  }

  private static void send(Actions out, HostPort to, Message m) {
    out.send(new Outgoing(to, m));
  }
}
