package org.dsuite.grep.match;

import java.nio.ByteBuffer;

/**
 * One line of a byte buffer seen as a {@link CharSequence} (byte {@code b} is char {@code b &
 * 0xff}, the C locale). The line is widened into a reused {@code char[]} (the regex engine reads
 * each char many times, and array reads are far cheaper than buffer reads), so matching a line
 * allocates nothing. Every 4096 reads it checks the query's budget, which is how a runaway
 * backtracking regex is stopped.
 */
final class LineSequence implements CharSequence {
  private static final int CHECK_EVERY_MASK = 4095;

  private final QueryBudget budget;
  private byte[] bytes = new byte[1024];
  private char[] chars = new char[1024];
  private int length;
  private int reads;

  LineSequence(QueryBudget budget) {
    this.budget = budget;
  }

  void point(ByteBuffer buf, int start, int end) {
    int n = end - start;
    if (n > chars.length) {
      int cap = Math.max(n, chars.length * 2);
      bytes = new byte[cap];
      chars = new char[cap];
    }
    buf.get(start, bytes, 0, n);
    byte[] b = bytes;
    char[] c = chars;
    for (int i = 0; i < n; i++) {
      c[i] = (char) (b[i] & 0xff);
    }
    length = n;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    if ((++reads & CHECK_EVERY_MASK) == 0) {
      budget.check();
    }
    if (index >= length) {
      throw new IndexOutOfBoundsException(index);
    }
    return chars[index];
  }

  @Override
  public CharSequence subSequence(int from, int to) {
    return new String(chars, from, to - from);
  }

  @Override
  public String toString() {
    return new String(chars, 0, length);
  }
}
