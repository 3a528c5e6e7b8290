package org.dsuite.swim.udp;

import java.util.concurrent.atomic.AtomicLong;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.core.Message;
import org.dsuite.swim.wire.MalformedPacketException;
import org.dsuite.swim.wire.PacketAuth;
import org.dsuite.swim.wire.ReplayGuard;
import org.dsuite.swim.wire.WireCodec;
import org.dsuite.swim.wire.WirePayload;

/**
 * Turns payloads into packets and back: encoding, the optional HMAC trailer and replay checks. One
 * instance per thread (the MAC is not thread-safe); the packet counter is shared.
 */
final class PacketIo {
  /** Why a packet was not accepted. */
  enum Verdict {
    OK,
    MALFORMED,
    REJECTED
  }

  /** A decoded packet, or the reason there is none. */
  record Opened(Verdict verdict, WirePayload payload) {}

  private final PacketAuth auth;
  private final ReplayGuard replay;
  private final AtomicLong counter;

  PacketIo(SwimConfig cfg, AtomicLong counter) {
    this.auth = cfg.authenticated() ? new PacketAuth(cfg.clusterKey()) : null;
    this.replay = cfg.authenticated() ? new ReplayGuard(cfg.replayWindowMs(), 65_536) : null;
    this.counter = counter;
  }

  boolean authenticated() {
    return auth != null;
  }

  byte[] seal(WirePayload payload, long wallMs) {
    byte[] body = WireCodec.encode(payload);
    return auth == null ? body : auth.seal(body, counter.incrementAndGet(), wallMs);
  }

  /** Verifies, decodes and replay-checks; {@code source} keys replay state for control packets. */
  Opened open(byte[] buf, int length, Object source, long wallMs) {
    int bodyLength = length;
    PacketAuth.Verified v = null;
    if (auth != null) {
      v = auth.open(buf, length);
      if (v == null) {
        return new Opened(Verdict.REJECTED, null);
      }
      bodyLength = v.bodyLength();
    }
    WirePayload p;
    try {
      p = WireCodec.decode(buf, bodyLength);
    } catch (MalformedPacketException e) {
      return new Opened(Verdict.MALFORMED, null);
    }
    if (v != null) {
      Object key = p instanceof WirePayload.Swim s ? senderOf(s.message()) : source;
      if (!replay.accept(key, v.counter(), v.timestampMs(), wallMs)) {
        return new Opened(Verdict.REJECTED, null);
      }
    }
    return new Opened(Verdict.OK, p);
  }

  private static Object senderOf(Message m) {
    return m.sender();
  }
}
