package org.dsuite.dfs.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.dsuite.dfs.core.Ring;
import org.dsuite.dfs.core.RingNode;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.Membership;
import org.dsuite.swim.api.MembershipListener;

/**
 * The ring as this server currently sees it: every member in the group (alive or suspect) that
 * announced a HyDFS address under metadata key {@value #METADATA_KEY}. Rebuilt from {@link
 * Membership#members()} on every membership event; the callback gets the old and new ring.
 */
public final class RingView implements MembershipListener {
  /** Swim metadata key under which a server announces its RPC address, {@code host:port}. */
  public static final String METADATA_KEY = "dfs";

  private final Membership membership;
  private final BiConsumer<Ring, Ring> onChange;
  private final long refreshIntervalMs;
  private volatile Ring ring = Ring.empty();
  private volatile Thread refresher;

  public RingView(Membership membership, BiConsumer<Ring, Ring> onChange) {
    this(membership, onChange, 1_000);
  }

  /**
   * @param refreshIntervalMs the ring is also rebuilt this often without an event: a member's
   *     metadata (its HyDFS address) can become known after the event that announced the member,
   *     and a ring missing a member would place files, and refuse writes, wrongly until the next
   *     event
   */
  public RingView(Membership membership, BiConsumer<Ring, Ring> onChange, long refreshIntervalMs) {
    if (refreshIntervalMs < 10) {
      throw new IllegalArgumentException("refresh interval must be >= 10 ms");
    }
    this.membership = membership;
    this.onChange = onChange;
    this.refreshIntervalMs = refreshIntervalMs;
  }

  public void start() {
    membership.addListener(this);
    refresh();
    refresher = new Thread(this::refreshLoop, "hydfs-ring-view");
    refresher.setDaemon(true);
    refresher.start();
  }

  private void refreshLoop() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(refreshIntervalMs);
      } catch (InterruptedException e) {
        return;
      }
      refresh();
    }
  }

  public void stop() {
    membership.removeListener(this);
    if (refresher != null) {
      refresher.interrupt();
    }
  }

  public Ring ring() {
    return ring;
  }

  public String selfId() {
    return membership.self().id().toString();
  }

  /** Rebuilds the ring; calls back if it changed. */
  public void refresh() {
    List<RingNode> nodes = new ArrayList<>();
    for (MemberInfo m : membership.members()) {
      String addr = m.metadata().get(METADATA_KEY);
      if (m.status().inGroup() && addr != null && !addr.isEmpty()) {
        nodes.add(new RingNode(m.id().toString(), addr));
      }
    }
    Ring next = Ring.of(nodes);
    Ring prev;
    synchronized (this) {
      prev = ring;
      if (prev.equals(next)) {
        return;
      }
      ring = next;
    }
    onChange.accept(prev, next);
  }

  @Override
  public void onJoin(MemberInfo member) {
    refresh();
  }

  @Override
  public void onAlive(MemberInfo member) {
    refresh();
  }

  @Override
  public void onFail(MemberInfo member) {
    refresh();
  }

  @Override
  public void onLeave(MemberInfo member) {
    refresh();
  }

  @Override
  public void onSuspect(MemberInfo member) {
    refresh();
  }
}
