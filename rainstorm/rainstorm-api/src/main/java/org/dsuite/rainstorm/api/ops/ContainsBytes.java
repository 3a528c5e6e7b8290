package org.dsuite.rainstorm.api.ops;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * {@code filter-contains} on a line's UTF-8 bytes: a byte substring search for the pattern's UTF-8
 * form. Exact for the decoded line too: UTF-8 is self-synchronising (no character's encoding starts
 * inside another's), so the decoded line contains the pattern exactly where its bytes contain the
 * pattern's bytes, except through U+FFFD, which {@link LineBytesFilter#of} excludes.
 *
 * <p>Eight start positions at a time (SWAR): a position is a candidate when its byte is the
 * pattern's first and the byte {@code length - 1} further on is its last; only candidates are
 * compared in full. A byte-at-a-time loop on the first byte was the source tasks' top frame in the
 * App1 profile: "Parking"'s {@code P} starts most rows' "Punched Telespar".
 */
final class ContainsBytes implements LineBytesFilter {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private final byte[] pattern;
  private final long firsts;
  private final long lasts;

  ContainsBytes(byte[] pattern) {
    if (pattern.length == 0) {
      throw new IllegalArgumentException("empty pattern");
    }
    this.pattern = pattern.clone();
    this.firsts = (pattern[0] & 0xFFL) * ONES;
    this.lasts = (pattern[pattern.length - 1] & 0xFFL) * ONES;
  }

  @Override
  public boolean mayKeep(byte[] b, int from, int to) {
    int m = pattern.length;
    int i = from;
    // Words at i and i + m - 1 must lie inside [from, to).
    for (; i + m + 7 <= to; i += 8) {
      long x = (long) LONGS.get(b, i) ^ firsts;
      long y = (long) LONGS.get(b, i + m - 1) ^ lasts;
      // Flags every zero byte of x and of y (and maybe bytes above one, from borrows): a true
      // candidate is always flagged, a false one fails the comparison.
      long hit = ((x - ONES) & ~x) & ((y - ONES) & ~y) & HIGHS;
      while (hit != 0) {
        int k = i + (Long.numberOfTrailingZeros(hit) >>> 3);
        if (Arrays.equals(b, k, k + m, pattern, 0, m)) {
          return true;
        }
        hit &= hit - 1;
      }
    }
    for (int last = to - m; i <= last; i++) {
      if (b[i] == pattern[0] && Arrays.equals(b, i, i + m, pattern, 0, m)) {
        return true;
      }
    }
    return false;
  }
}
