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
  private volatile Ring ring = Ring.empty();

  public RingView(Membership membership, BiConsumer<Ring, Ring> onChange) {
    this.membership = membership;
    this.onChange = onChange;
  }

  public void start() {
    membership.addListener(this);
    refresh();
  }

  public void stop() {
    membership.removeListener(this);
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
