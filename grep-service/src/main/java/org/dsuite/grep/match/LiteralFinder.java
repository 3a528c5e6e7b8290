package org.dsuite.grep.match;

import java.nio.ByteBuffer;

/**
 * Finds a literal in a byte buffer: two of its rarest bytes are tested at many positions at once
 * (SIMD or SWAR, see {@link ProbeScan}; after Mula's "SIMD-friendly" substring search), and only
 * positions where both agree are compared in full. With {@code ignoreCase}, letters are compared
 * after OR-ing {@code 0x20} into the data, which may admit a few non-letters that the full
 * comparison then rejects.
 */
public final class LiteralFinder {
  private final byte[] needle;
  private final boolean ignoreCase;
  private final boolean vector;
  private ProbeScan probes;

  public LiteralFinder(String literal, boolean ignoreCase) {
    this(literal, ignoreCase, ProbeScan.vectorAvailable());
  }

  /** As above, choosing the SIMD ({@code vector}) or the SWAR probe scan (tests compare both). */
  LiteralFinder(String literal, boolean ignoreCase, boolean vector) {
    this.vector = vector && ProbeScan.vectorAvailable();
    if (literal.isEmpty()) {
      throw new IllegalArgumentException("empty literal");
    }
    this.ignoreCase = ignoreCase;
    needle = new byte[literal.length()];
    for (int i = 0; i < needle.length; i++) {
      char c = literal.charAt(i);
      needle[i] = (byte) (ignoreCase ? lower(c) : c);
    }
    int[] ranks = new int[256];
    for (int c = 0; c < 256; c++) {
      ranks[c] = rank((byte) c);
    }
    choose(ranks);
  }

  /**
   * Re-chooses the two probe bytes by how often each occurs in {@code sample} (the start of the
   * data about to be searched): the rarer the probes, the fewer false candidates to verify.
   */
  public void tune(ByteBuffer sample, int from, int to) {
    int[] counts = new int[256];
    for (int i = from; i < to; i++) {
      counts[sample.get(i) & 0xff]++;
    }
    if (ignoreCase) {
      for (int c = 'a'; c <= 'z'; c++) {
        counts[c] += counts[c - 32];
      }
    }
    choose(counts);
  }

  private void choose(int[] weight) {
    int a = 0;
    for (int i = 1; i < needle.length; i++) {
      if (weight[needle[i] & 0xff] < weight[needle[a] & 0xff]) {
        a = i;
      }
    }
    int b = a == 0 ? Math.min(1, needle.length - 1) : 0;
    for (int i = 0; i < needle.length; i++) {
      if (i != a && weight[needle[i] & 0xff] < weight[needle[b] & 0xff]) {
        b = i;
      }
    }
    probes =
        ProbeScan.create(
            vector,
            a,
            needle[a],
            ignoreCase && isLetter(needle[a]),
            b,
            needle[b],
            ignoreCase && isLetter(needle[b]));
  }

  /** Whether this finder uses the SIMD probe scan ({@link VectorProbeScan}). */
  public boolean usesVector() {
    return vector;
  }

  public int length() {
    return needle.length;
  }

  /** Start of the first occurrence within {@code [from, to)}, or -1. */
  public int find(ByteBuffer buf, int from, int to) {
    int end = to - needle.length + 1; // one past the last possible start
    int i = from;
    while (i < end) {
      int cand = probes.next(buf, i, end);
      if (cand < 0) {
        return -1;
      }
      if (verify(buf, cand)) {
        return cand;
      }
      i = cand + 1;
    }
    return -1;
  }

  private boolean verify(ByteBuffer buf, int at) {
    if (ignoreCase) {
      for (int k = 0; k < needle.length; k++) {
        if (lower((char) (buf.get(at + k) & 0xff)) != needle[k]) {
          return false;
        }
      }
      return true;
    }
    for (int k = 0; k < needle.length; k++) {
      if (buf.get(at + k) != needle[k]) {
        return false;
      }
    }
    return true;
  }

  private static byte lower(char c) {
    return (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
  }

  private static boolean isLetter(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /**
   * How common a byte is in log text (lower is rarer). Rough, hand-made: spaces, lower-case letters
   * and digits fill timestamps and messages; upper case and most punctuation are rarer.
   */
  static int rank(byte b) {
    int c = b & 0xff;
    if (c == ' ') {
      return 100;
    }
    if ("etaoinsrhl".indexOf(c) >= 0) {
      return 90;
    }
    if (c >= '0' && c <= '9') {
      return 85;
    }
    if (c >= 'a' && c <= 'z') {
      return 70;
    }
    if (":.-/=_[]".indexOf(c) >= 0) {
      return 75;
    }
    if (c >= 'A' && c <= 'Z') {
      return 40;
    }
    return 20;
  }
}
