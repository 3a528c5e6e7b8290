package org.dsuite.swim.core;

import java.util.ArrayList;
import java.util.List;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;

/**
 * Fills packets of at most {@code packet-bytes-max}: a probe message with the queued updates that
 * fit (least-sent first, from {@link MemberTable#piggyback}), and a full state split over as many
 * Syncs as it needs.
 */
final class Packer {
  private final SwimConfig cfg;
  private final Sizer sizer;
  private final MemberTable table;

  Packer(SwimConfig cfg, Sizer sizer, MemberTable table) {
    this.cfg = cfg;
    this.sizer = sizer;
    this.table = table;
  }

  /** The skeleton message with {@code first} and then as many queued updates as fit. */
  Message withGossip(Message m, List<Gossip> first) {
    int budget = budget(m);
    List<Gossip> g = new ArrayList<>(first);
    for (Gossip f : first) {
      budget -= sizer.sizeOf(f);
    }
    for (Gossip q : table.piggyback(budget)) {
      if (!containsKey(first, q.key())) {
        g.add(q); // not twice: an update sent first may also be queued
      }
    }
    if (m instanceof Message.Ping p) {
      return new Message.Ping(p.sender(), p.seq(), p.target(), g);
    } else if (m instanceof Message.Ack a) {
      return new Message.Ack(a.sender(), a.seq(), g);
    } else if (m instanceof Message.PingReq r) {
      return new Message.PingReq(r.sender(), r.seq(), r.target(), g);
    } else if (m instanceof Message.Nack n) {
      return new Message.Nack(n.sender(), n.seq(), g);
    }
    throw new IllegalArgumentException("no piggyback on " + m.getClass().getSimpleName());
  }

  /**
   * This member's full state as Syncs numbered {@code seq}, each within the packet limit; only the
   * first asks for a reply, so the peer answers once.
   */
  List<Message.Sync> fullState(MemberId self, long seq, boolean wantReply, boolean join) {
    List<Gossip> state = table.fullState();
    int budget = budget(new Message.Sync(self, seq, wantReply, join, List.of()));
    List<Message.Sync> out = new ArrayList<>();
    List<Gossip> part = new ArrayList<>();
    int used = 0;
    for (Gossip g : state) {
      int size = sizer.sizeOf(g);
      if (used + size > budget && !part.isEmpty()) {
        out.add(new Message.Sync(self, seq, out.isEmpty() && wantReply, join, part));
        part = new ArrayList<>();
        used = 0;
      }
      part.add(g);
      used += size;
    }
    out.add(new Message.Sync(self, seq, out.isEmpty() && wantReply, join, part));
    return out;
  }

  private static boolean containsKey(List<Gossip> gossip, Object key) {
    for (Gossip f : gossip) {
      if (f.key().equals(key)) {
        return true;
      }
    }
    return false;
  }

  private int budget(Message skeleton) {
    return cfg.packetBytesMax() - sizer.trailerBytes() - sizer.sizeWithoutGossip(skeleton);
  }
}
