package org.dsuite.swim.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacketAuthTest {
  @Test
  void aSealedPacketOpensWithTheSameKeyOnly() {
    byte[] body = {1, 2, 3, 4, 5};
    byte[] sealed = new PacketAuth("secret").seal(body, 7, 1000);
    assertThat(sealed).hasSize(body.length + PacketAuth.TRAILER_BYTES);
    PacketAuth.Verified v = new PacketAuth("secret").open(sealed, sealed.length);
    assertThat(v).isEqualTo(new PacketAuth.Verified(5, 7, 1000));
    assertThat(new PacketAuth("other").open(sealed, sealed.length)).isNull();
  }

  @Test
  void anyFlippedBitIsDetected() {
    PacketAuth auth = new PacketAuth("secret");
    byte[] sealed = auth.seal(new byte[] {9, 8, 7}, 1, 2);
    for (int i = 0; i < sealed.length; i++) {
      byte[] bad = sealed.clone();
      bad[i] ^= 0x10;
      assertThat(auth.open(bad, bad.length)).as("bit flip at %d", i).isNull();
    }
  }

  @Test
  void replaysAndStalePacketsAreRefused() {
    ReplayGuard g = new ReplayGuard(30_000, 100);
    assertThat(g.accept("a", 10, 1000, 1000)).isTrue();
    assertThat(g.accept("a", 10, 1000, 1000)).as("exact replay").isFalse();
    assertThat(g.accept("a", 8, 1000, 1000)).as("reordered, first time").isTrue();
    assertThat(g.accept("a", 8, 1000, 1000)).as("reordered replay").isFalse();
    assertThat(g.accept("a", 200, 1000, 1000)).isTrue();
    assertThat(g.accept("a", 100, 1000, 1000)).as("older than the 64-packet window").isFalse();
    assertThat(g.accept("b", 1, 1000, 100_000)).as("timestamp outside the window").isFalse();
    assertThat(g.accept("b", 1, 1000, 1000)).as("other sender, own window").isTrue();
  }
}
