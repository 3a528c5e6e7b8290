package org.dsuite.dfs.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The one 64-bit hash of the ring: the first 8 bytes (big-endian) of SHA-256 over the UTF-8 bytes
 * of a key. Node IDs and file names are hashed the same way, so both live on one ring. Positions
 * are compared as unsigned numbers and printed as 16 hex digits.
 */
public final class RingHash {
  private RingHash() {}

  /** The ring position of {@code key}. */
  public static long of(String key) {
    byte[] d = sha256(key.getBytes(StandardCharsets.UTF_8));
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (d[i] & 0xFF);
    }
    return v;
  }

  /** Full SHA-256 of some bytes (used for on-disk names). */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  /** A position as 16 lower-case hex digits (unsigned). */
  public static String hex(long position) {
    return String.format("%016x", position);
  }
}
