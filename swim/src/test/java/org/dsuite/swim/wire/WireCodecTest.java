package org.dsuite.swim.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberStatus;
import org.dsuite.swim.core.Gossip;
import org.dsuite.swim.core.MemberUpdate;
import org.dsuite.swim.core.Message;
import org.dsuite.swim.core.SuspicionSwitch;
import org.junit.jupiter.api.Test;

class WireCodecTest {
  static final MemberId A = new MemberId("10.0.0.1", 7946, 1_700_000_000_000L);
  static final MemberId B = new MemberId("node-b.example", 65535, 0);

  static List<Gossip> sampleGossip() {
    return List.of(
        MemberUpdate.alive(A, 3, Map.of("dfs", "127.0.0.1:7101", "grep", "127.0.0.1:7201")),
        new MemberUpdate(B, MemberStatus.SUSPECT, 7, A, Map.of("k", "v")),
        new MemberUpdate(B, MemberStatus.DEAD, 8, B, Map.of()),
        new MemberUpdate(A, MemberStatus.LEFT, Long.MAX_VALUE, A, Map.of()),
        new SuspicionSwitch(false, 12, B));
  }

  static List<Message> sampleMessages() {
    List<Gossip> g = sampleGossip();
    return List.of(
        new Message.Ping(A, 1, B, g),
        new Message.Ack(B, -5, List.of()),
        new Message.PingReq(A, Long.MAX_VALUE, B, g),
        new Message.Nack(B, 0, g.subList(0, 1)),
        new Message.Sync(A, 9, true, false, g),
        new Message.Sync(A, 9, false, true, List.of()),
        new Message.Broadcast(B, 3, g));
  }

  @Test
  void everyMessageRoundTripsAndItsSizeIsExact() throws Exception {
    for (Message m : sampleMessages()) {
      byte[] bytes = WireCodec.encode(m);
      assertThat(bytes.length).as("size of %s", m).isEqualTo(WireCodec.sizeOf(m));
      assertThat(WireCodec.decode(bytes, bytes.length)).isEqualTo(new WirePayload.Swim(m));
    }
  }

  @Test
  void controlPayloadsRoundTrip() throws Exception {
    for (WirePayload p :
        List.of(
            new ControlRequest(42, "join", List.of("127.0.0.1:7000")),
            new ControlReply(-1, 2, 3, 1, "ünïcode ✓ text"))) {
      byte[] bytes = WireCodec.encode(p);
      assertThat(WireCodec.decode(bytes, bytes.length)).isEqualTo(p);
    }
  }

  @Test
  void aPingWithNoGossipIsSmall() {
    Message ping = new Message.Ping(A, 1, B, List.of());
    assertThat(WireCodec.encode(ping).length).isLessThan(50);
  }

  @Test
  void unknownVersionAndTrailingBytesAreRejected() {
    byte[] ok = WireCodec.encode(new Message.Ack(A, 1, List.of()));
    byte[] v2 = ok.clone();
    v2[1] = 2;
    assertThatThrownBy(() -> WireCodec.decode(v2, v2.length))
        .isInstanceOf(MalformedPacketException.class)
        .hasMessageContaining("version");
    byte[] longer = java.util.Arrays.copyOf(ok, ok.length + 1);
    assertThatThrownBy(() -> WireCodec.decode(longer, longer.length))
        .isInstanceOf(MalformedPacketException.class);
  }

  @Test
  void everyTruncationIsRejectedCleanly() {
    for (Message m : sampleMessages()) {
      byte[] bytes = WireCodec.encode(m);
      for (int len = 0; len < bytes.length; len++) {
        int l = len;
        assertThatThrownBy(() -> WireCodec.decode(bytes, l))
            .isInstanceOf(MalformedPacketException.class);
      }
    }
  }
}
