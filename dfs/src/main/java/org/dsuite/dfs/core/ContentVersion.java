package org.dsuite.dfs.core;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A 64-bit version of a replica's content for cache validation: a hash of the generation and the
 * ordered block IDs. Block IDs name immutable bytes, so equal versions mean equal content (up to a
 * 2^-64 collision), and any append, merge reorder or re-create changes the version.
 */
public final class ContentVersion {
  private ContentVersion() {}

  public static long of(long generation, List<BlockId> order) {
    long h = mix(0x9E3779B97F4A7C15L ^ generation);
    for (BlockId id : order) {
      for (byte b : id.clientId().getBytes(StandardCharsets.UTF_8)) {
        h = mix(h ^ (b & 0xFF));
      }
      h = mix(h ^ 0xFF00L ^ id.seq());
    }
    return h;
  }

  /** SplitMix64's finaliser: a cheap bijective mixer. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
