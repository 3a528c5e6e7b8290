package org.dsuite.swim.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticates packets with HMAC-SHA256 under a key derived from the cluster key (SHA-256 of its
 * UTF-8 bytes). Trailer: {@code counter(u64) timestampMs(u64) tag(16 bytes, HMAC-SHA256 truncated
 * as in RFC 4868)}; the tag covers the whole packet before it. Counter and timestamp feed {@link
 * ReplayGuard}. One instance per thread ({@link Mac} is not thread-safe).
 */
public final class PacketAuth {
  /** Bytes appended to every packet; always reserved in the packet budget. */
  public static final int TRAILER_BYTES = 8 + 8 + 16;

  private static final int TAG_BYTES = 16;
  private final Mac mac;

  /** The counter and timestamp of a verified packet, and where its body ends. */
  public record Verified(int bodyLength, long counter, long timestampMs) {}

  public PacketAuth(String clusterKey) {
    if (clusterKey.isEmpty()) {
      throw new IllegalArgumentException("cluster key is empty");
    }
    try {
      byte[] key =
          MessageDigest.getInstance("SHA-256").digest(clusterKey.getBytes(StandardCharsets.UTF_8));
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }

  /** {@code body} followed by the trailer. */
  public byte[] seal(byte[] body, long counter, long timestampMs) {
    byte[] out = Arrays.copyOf(body, body.length + TRAILER_BYTES);
    putLong(out, body.length, counter);
    putLong(out, body.length + 8, timestampMs);
    mac.update(out, 0, body.length + 16);
    byte[] tag = mac.doFinal();
    System.arraycopy(tag, 0, out, body.length + 16, TAG_BYTES);
    return out;
  }

  /** The verified trailer fields, or null if the packet is too short or its tag is wrong. */
  public Verified open(byte[] packet, int length) {
    if (length < TRAILER_BYTES + 1) {
      return null;
    }
    int body = length - TRAILER_BYTES;
    mac.update(packet, 0, body + 16);
    byte[] tag = mac.doFinal();
    byte[] got = Arrays.copyOfRange(packet, body + 16, body + 16 + TAG_BYTES);
    if (!MessageDigest.isEqual(Arrays.copyOf(tag, TAG_BYTES), got)) {
      return null;
    }
    return new Verified(body, getLong(packet, body), getLong(packet, body + 8));
  }

  private static void putLong(byte[] b, int at, long v) {
    for (int i = 0; i < 8; i++) {
      b[at + i] = (byte) (v >>> (56 - 8 * i));
    }
  }

  private static long getLong(byte[] b, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[at + i] & 0xFF);
    }
    return v;
  }
}
