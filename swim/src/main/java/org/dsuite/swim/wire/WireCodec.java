package org.dsuite.swim.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberStatus;
import org.dsuite.swim.core.Gossip;
import org.dsuite.swim.core.MemberUpdate;
import org.dsuite.swim.core.Message;
import org.dsuite.swim.core.Sizer;
import org.dsuite.swim.core.SuspicionSwitch;

/**
 * The versioned binary format (version {@value #VERSION}). A packet is {@code magic(0xD5)
 * version(1) kind(1) body}, followed by an {@link PacketAuth} trailer when a cluster key is set.
 * Integers are LEB128 varints except ports (u16); strings are varint length + UTF-8. A member ID is
 * {@code host port start}. SWIM bodies: {@code type sender seq [target|flags] gossip*}; each gossip
 * item is a tag (1-4: member update with status ALIVE..LEFT, 5: suspicion switch) and its fields.
 * Pure: no I/O, so the simulator and the core can size messages exactly.
 */
public final class WireCodec {
  public static final int MAGIC = 0xD5;
  public static final int VERSION = 1;
  static final int KIND_SWIM = 1;
  static final int KIND_CONTROL_REQUEST = 2;
  static final int KIND_CONTROL_REPLY = 3;
  private static final int HEADER_BYTES = 3;
  private static final int TAG_SWITCH = 5;
  private static final int METADATA_ENTRIES_MAX = 64;
  private static final int HOST_BYTES_MAX = 255;
  private static final int TEXT_BYTES_MAX = 65_000;

  /** Exact sizes for the core's packet budget. */
  public static final Sizer SIZER =
      new Sizer() {
        @Override
        public int sizeOf(Gossip g) {
          return WireCodec.sizeOf(g);
        }

        @Override
        public int sizeWithoutGossip(Message m) {
          return WireCodec.sizeWithoutGossip(m, 0) + 1; // room for a 2-byte gossip count
        }

        @Override
        public int trailerBytes() {
          return PacketAuth.TRAILER_BYTES;
        }
      };

  private WireCodec() {}

  // ---- sizes ---------------------------------------------------------------------------------

  public static int sizeOf(MemberId id) {
    return WireWriter.stringSize(id.host()) + 2 + WireWriter.varlongSize(id.startMs());
  }

  public static int sizeOf(Gossip g) {
    if (g instanceof SuspicionSwitch s) {
      return 2 + WireWriter.varlongSize(s.version()) + sizeOf(s.origin());
    }
    MemberUpdate u = (MemberUpdate) g;
    int n = 1 + sizeOf(u.id()) + WireWriter.varlongSize(u.incarnation());
    if (u.status() == MemberStatus.SUSPECT) {
      n += sizeOf(u.origin());
    }
    if (MemberUpdate.carriesMetadata(u.status())) {
      n += metadataSize(u.metadata());
    }
    return n;
  }

  /** Encoded size of a metadata map (enforced against {@code swim.metadata-bytes-max}). */
  public static int metadataSize(Map<String, String> metadata) {
    int n = WireWriter.varlongSize(metadata.size());
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      n += WireWriter.stringSize(e.getKey()) + WireWriter.stringSize(e.getValue());
    }
    return n;
  }

  /** Size of a message's packet without its gossip items and without the auth trailer. */
  public static int sizeWithoutGossip(Message m, int gossipCount) {
    int n = HEADER_BYTES + 1 + sizeOf(m.sender()) + WireWriter.varlongSize(m.seq());
    if (m instanceof Message.Ping p) {
      n += sizeOf(p.target());
    } else if (m instanceof Message.PingReq r) {
      n += sizeOf(r.target());
    } else if (m instanceof Message.Sync) {
      n += 1;
    }
    return n + WireWriter.varlongSize(gossipCount);
  }

  /** Exact encoded size of a message (without the auth trailer). */
  public static int sizeOf(Message m) {
    int n = sizeWithoutGossip(m, m.gossip().size());
    for (Gossip g : m.gossip()) {
      n += sizeOf(g);
    }
    return n;
  }

  // ---- encoding ------------------------------------------------------------------------------

  public static byte[] encode(WirePayload payload) {
    WireWriter w = new WireWriter(256);
    w.u8(MAGIC);
    w.u8(VERSION);
    if (payload instanceof WirePayload.Swim s) {
      w.u8(KIND_SWIM);
      writeMessage(w, s.message());
    } else if (payload instanceof ControlRequest r) {
      w.u8(KIND_CONTROL_REQUEST);
      w.u64(r.nonce());
      w.string(r.command());
      w.varlong(r.args().size());
      for (String a : r.args()) {
        w.string(a);
      }
    } else {
      ControlReply r = (ControlReply) payload;
      w.u8(KIND_CONTROL_REPLY);
      w.u64(r.nonce());
      w.varlong(r.part());
      w.varlong(r.parts());
      w.u8(r.status());
      w.string(r.text());
    }
    return w.toArray();
  }

  public static byte[] encode(Message m) {
    return encode(new WirePayload.Swim(m));
  }

  private static void writeMessage(WireWriter w, Message m) {
    w.u8(typeOf(m));
    writeId(w, m.sender());
    w.varlong(m.seq());
    if (m instanceof Message.Ping p) {
      writeId(w, p.target());
    } else if (m instanceof Message.PingReq r) {
      writeId(w, r.target());
    } else if (m instanceof Message.Sync s) {
      w.u8((s.wantReply() ? 1 : 0) | (s.join() ? 2 : 0));
    }
    w.varlong(m.gossip().size());
    for (Gossip g : m.gossip()) {
      writeGossip(w, g);
    }
  }

  private static int typeOf(Message m) {
    if (m instanceof Message.Ping) {
      return 1;
    } else if (m instanceof Message.Ack) {
      return 2;
    } else if (m instanceof Message.PingReq) {
      return 3;
    } else if (m instanceof Message.Nack) {
      return 4;
    } else if (m instanceof Message.Sync) {
      return 5;
    }
    return 6; // Broadcast
  }

  private static void writeId(WireWriter w, MemberId id) {
    w.string(id.host());
    w.u16(id.port());
    w.varlong(id.startMs());
  }

  private static void writeGossip(WireWriter w, Gossip g) {
    if (g instanceof SuspicionSwitch s) {
      w.u8(TAG_SWITCH);
      w.u8(s.enabled() ? 1 : 0);
      w.varlong(s.version());
      writeId(w, s.origin());
      return;
    }
    MemberUpdate u = (MemberUpdate) g;
    w.u8(1 + u.status().ordinal());
    writeId(w, u.id());
    w.varlong(u.incarnation());
    if (u.status() == MemberStatus.SUSPECT) {
      writeId(w, u.origin());
    }
    if (MemberUpdate.carriesMetadata(u.status())) {
      w.varlong(u.metadata().size());
      for (Map.Entry<String, String> e : new TreeMap<>(u.metadata()).entrySet()) {
        w.string(e.getKey()); // sorted: one map, one encoding
        w.string(e.getValue());
      }
    }
  }

  // ---- decoding ------------------------------------------------------------------------------

  /** Decodes {@code buf[0, length)}; anything unexpected is a {@link MalformedPacketException}. */
  public static WirePayload decode(byte[] buf, int length) throws MalformedPacketException {
    WireReader r = new WireReader(buf, 0, length);
    if (r.u8() != MAGIC) {
      throw new MalformedPacketException("bad magic");
    }
    int version = r.u8();
    if (version != VERSION) {
      throw new MalformedPacketException("unsupported version " + version);
    }
    int kind = r.u8();
    WirePayload p;
    try {
      p =
          switch (kind) {
            case KIND_SWIM -> new WirePayload.Swim(readMessage(r));
            case KIND_CONTROL_REQUEST -> readControlRequest(r);
            case KIND_CONTROL_REPLY ->
                new ControlReply(
                    r.u64(), r.count(1 << 20), r.count(1 << 20), r.u8(), r.string(TEXT_BYTES_MAX));
            default -> throw new MalformedPacketException("unknown kind " + kind);
          };
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new MalformedPacketException("invalid field: " + e.getMessage());
    }
    if (r.remaining() != 0) {
      throw new MalformedPacketException(r.remaining() + " trailing bytes");
    }
    return p;
  }

  private static ControlRequest readControlRequest(WireReader r) throws MalformedPacketException {
    long nonce = r.u64();
    String command = r.string(64);
    int n = r.count(16);
    List<String> args = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      args.add(r.string(1024));
    }
    return new ControlRequest(nonce, command, args);
  }

  private static Message readMessage(WireReader r) throws MalformedPacketException {
    int type = r.u8();
    MemberId sender = readId(r);
    long seq = r.varlong();
    MemberId target = null;
    int flags = 0;
    if (type == 1 || type == 3) {
      target = readId(r);
    } else if (type == 5) {
      flags = r.u8();
      if (flags > 3) {
        throw new MalformedPacketException("unknown sync flags " + flags);
      }
    } else if (type < 1 || type > 6) {
      throw new MalformedPacketException("unknown message type " + type);
    }
    int n = r.count(r.remaining());
    List<Gossip> gossip = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      gossip.add(readGossip(r));
    }
    return switch (type) {
      case 1 -> new Message.Ping(sender, seq, target, gossip);
      case 2 -> new Message.Ack(sender, seq, gossip);
      case 3 -> new Message.PingReq(sender, seq, target, gossip);
      case 4 -> new Message.Nack(sender, seq, gossip);
      case 5 -> new Message.Sync(sender, seq, (flags & 1) != 0, (flags & 2) != 0, gossip);
      default -> new Message.Broadcast(sender, seq, gossip);
    };
  }

  private static MemberId readId(WireReader r) throws MalformedPacketException {
    String host = r.string(HOST_BYTES_MAX);
    int port = r.u16();
    long start = r.varlong();
    return new MemberId(host, port, start); // validates; IllegalArgumentException -> malformed
  }

  private static Gossip readGossip(WireReader r) throws MalformedPacketException {
    int tag = r.u8();
    if (tag == TAG_SWITCH) {
      int enabled = r.u8();
      if (enabled > 1) {
        throw new MalformedPacketException("bad switch flag");
      }
      return new SuspicionSwitch(enabled == 1, r.varlong(), readId(r));
    }
    if (tag < 1 || tag > 4) {
      throw new MalformedPacketException("unknown gossip tag " + tag);
    }
    MemberStatus status = MemberStatus.values()[tag - 1];
    MemberId id = readId(r);
    long inc = r.varlong();
    MemberId origin = status == MemberStatus.SUSPECT ? readId(r) : id;
    Map<String, String> meta = Map.of();
    if (MemberUpdate.carriesMetadata(status)) {
      int n = r.count(METADATA_ENTRIES_MAX);
      meta = new LinkedHashMap<>();
      String previous = null;
      for (int i = 0; i < n; i++) {
        String k = r.string(TEXT_BYTES_MAX);
        if (previous != null && previous.compareTo(k) >= 0) {
          throw new MalformedPacketException("metadata keys not strictly sorted");
        }
        previous = k;
        meta.put(k, r.string(TEXT_BYTES_MAX));
      }
    }
    return new MemberUpdate(id, status, inc, origin, meta);
  }
}
