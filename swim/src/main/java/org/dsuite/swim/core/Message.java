package org.dsuite.swim.core;

import java.util.List;
import org.dsuite.swim.api.MemberId;

/**
 * The SWIM messages. Every message names its sender, carries a sequence number chosen by whoever
 * expects the answer, and piggybacks gossip.
 */
public sealed interface Message
    permits Message.Ping,
        Message.Ack,
        Message.PingReq,
        Message.Nack,
        Message.Sync,
        Message.Broadcast {
  MemberId sender();

  long seq();

  List<Gossip> gossip();

  /** Direct probe; {@code target} lets a restarted process ignore probes of its old ID. */
  record Ping(MemberId sender, long seq, MemberId target, List<Gossip> gossip) implements Message {
    public Ping {
      gossip = List.copyOf(gossip);
    }
  }

  /** Answer to a ping, or relayed by an indirect prober with the requester's {@code seq}. */
  record Ack(MemberId sender, long seq, List<Gossip> gossip) implements Message {
    public Ack {
      gossip = List.copyOf(gossip);
    }
  }

  /** "Please ping {@code target} for me." */
  record PingReq(MemberId sender, long seq, MemberId target, List<Gossip> gossip)
      implements Message {
    public PingReq {
      gossip = List.copyOf(gossip);
    }
  }

  /**
   * Lifeguard: an indirect prober got no ack in time (tells the requester it is itself healthy).
   */
  record Nack(MemberId sender, long seq, List<Gossip> gossip) implements Message {
    public Nack {
      gossip = List.copyOf(gossip);
    }
  }

  /**
   * Anti-entropy / join: a part of the sender's full state. The first part of a request has {@code
   * wantReply}; {@code join} marks a joining member.
   */
  record Sync(MemberId sender, long seq, boolean wantReply, boolean join, List<Gossip> gossip)
      implements Message {
    public Sync {
      gossip = List.copyOf(gossip);
    }
  }

  /** Gossip pushed without a probe, e.g. a voluntary leave. */
  record Broadcast(MemberId sender, long seq, List<Gossip> gossip) implements Message {
    public Broadcast {
      gossip = List.copyOf(gossip);
    }
  }
}
