package org.dsuite.swim.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.core.MemberUpdate;
import org.dsuite.swim.core.Message;
import org.dsuite.swim.wire.WireCodec;
import org.dsuite.swim.wire.WirePayload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Junk, truncated, oversized, replayed and wrong-key packets never crash or corrupt a member. */
class HostileTrafficTest {
  private final List<SwimMember> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(SwimMember::kill);
  }

  private SwimMember start(SwimConfig cfg) {
    SwimMember m = SwimMember.start(cfg, Map.of());
    started.add(m);
    return m;
  }

  private static List<MemberId> ids(SwimMember m) {
    return m.members().stream().map(MemberInfo::id).toList();
  }

  @Test
  void aKeyedGroupShrugsOffHostileTraffic() throws Exception {
    SwimConfig keyed = SwimConfig.local().with(b -> b.clusterKey = "s3cret");
    SwimMember a = start(keyed);
    SwimMember b = start(keyed.with(x -> x.seeds = List.of(a.address())));
    await().atMost(Duration.ofSeconds(10)).until(() -> a.members().size() == 2);
    List<MemberId> group = ids(a);

    MemberId fake = new MemberId("127.0.0.1", 1, 1);
    Message inject = new Message.Broadcast(fake, 1, List.of(MemberUpdate.alive(fake, 0, Map.of())));
    byte[] unsigned = WireCodec.encode(inject);
    byte[] wrongKey =
        new PacketIo(keyed.with(x -> x.clusterKey = "guess"), new AtomicLong())
            .seal(new WirePayload.Swim(inject), System.currentTimeMillis());
    byte[] rightKey =
        new PacketIo(keyed, new AtomicLong())
            .seal(
                new WirePayload.Swim(new Message.Broadcast(fake, 1, List.of())),
                System.currentTimeMillis());

    SplittableRandom r = new SplittableRandom(1);
    InetSocketAddress target = new InetSocketAddress("127.0.0.1", a.address().port());
    try (DatagramChannel attacker = DatagramChannel.open()) {
      for (int i = 0; i < 300; i++) {
        byte[] junk = new byte[r.nextInt(1, 1500)];
        r.nextBytes(junk);
        attacker.send(ByteBuffer.wrap(junk), target);
        byte[] cut = java.util.Arrays.copyOf(rightKey, r.nextInt(rightKey.length));
        attacker.send(ByteBuffer.wrap(cut), target);
        if (i % 10 == 0) {
          Thread.sleep(2); // stay under the socket buffer: this is about parsing, not flooding
        }
      }
      attacker.send(ByteBuffer.wrap(new byte[60_000]), target); // oversized
      attacker.send(ByteBuffer.wrap(unsigned), target); // no key
      attacker.send(ByteBuffer.wrap(wrongKey), target); // wrong key
      attacker.send(ByteBuffer.wrap(rightKey), target); // accepted once...
      attacker.send(ByteBuffer.wrap(rightKey), target); // ...replay refused
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> a.stats().rejected() >= 500); // junk fails the MAC before any parsing
    Thread.sleep(1_000);
    assertThat(ids(a)).containsExactlyElementsOf(group).doesNotContain(fake);
    assertThat(ids(b)).containsExactlyElementsOf(group);
  }

  @Test
  void aMemberWithoutTheKeyCannotJoin() throws Exception {
    SwimConfig keyed = SwimConfig.local().with(b -> b.clusterKey = "s3cret");
    SwimMember a = start(keyed);
    SwimMember outsider =
        start(
            keyed.with(
                x -> {
                  x.clusterKey = "";
                  x.seeds = List.of(a.address());
                  x.joinTimeoutMs = 500;
                }));
    Thread.sleep(2_000);
    assertThat(ids(a)).containsExactly(a.self().id());
    assertThat(ids(outsider)).containsExactly(outsider.self().id());
    assertThat(a.stats().rejected()).isPositive();
  }

  @Test
  void anUnkeyedMemberCountsMalformedPacketsAndCarriesOn() throws Exception {
    SwimConfig plain = SwimConfig.local();
    SwimMember a = start(plain);
    SwimMember b = start(plain.with(x -> x.seeds = List.of(a.address())));
    await().atMost(Duration.ofSeconds(10)).until(() -> a.members().size() == 2);
    SplittableRandom r = new SplittableRandom(2);
    byte[] valid = WireCodec.encode(new Message.Ack(b.self().id(), 1, List.of()));
    try (DatagramChannel attacker = DatagramChannel.open()) {
      InetSocketAddress target = new InetSocketAddress("127.0.0.1", a.address().port());
      for (int i = 0; i < 200; i++) {
        byte[] junk = new byte[r.nextInt(1, 1400)];
        r.nextBytes(junk);
        junk[0] = (byte) WireCodec.MAGIC;
        junk[1] = (byte) WireCodec.VERSION;
        attacker.send(ByteBuffer.wrap(junk), target);
        attacker.send(
            ByteBuffer.wrap(java.util.Arrays.copyOf(valid, r.nextInt(valid.length))), target);
        if (i % 10 == 9) {
          Thread.sleep(5); // pace the burst: a full socket buffer drops packets before we see them
        }
      }
    }
    // loopback may still drop some under load; most must have arrived and been counted
    await().atMost(Duration.ofSeconds(20)).until(() -> a.stats().malformed() >= 200);
    Thread.sleep(1_000);
    assertThat(a.members()).hasSize(2);
    assertThat(b.members()).hasSize(2);
  }
}
