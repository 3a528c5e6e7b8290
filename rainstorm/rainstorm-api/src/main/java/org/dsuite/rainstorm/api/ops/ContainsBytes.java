package org.dsuite.rainstorm.api.ops;

/**
 * {@code filter-contains} on a line's UTF-8 bytes: a byte substring search for the pattern's UTF-8
 * form. Exact for the decoded line too: UTF-8 is self-synchronising (no character's encoding starts
 * inside another's), so the decoded line contains the pattern exactly where its bytes contain the
 * pattern's bytes, except through U+FFFD, which {@link LineBytesFilter#of} excludes.
 */
final class ContainsBytes implements LineBytesFilter {
  private final byte[] pattern;
  private final byte first;

  ContainsBytes(byte[] pattern) {
    if (pattern.length == 0) {
      throw new IllegalArgumentException("empty pattern");
    }
    this.pattern = pattern.clone();
    this.first = pattern[0];
  }

  @Override
  public boolean mayKeep(byte[] b, int from, int to) {
    int last = to - pattern.length;
    for (int i = from; i <= last; i++) {
      if (b[i] == first && rest(b, i)) {
        return true;
      }
    }
    return false;
  }

  private boolean rest(byte[] b, int at) {
    for (int k = 1; k < pattern.length; k++) {
      if (b[at + k] != pattern[k]) {
        return false;
      }
    }
    return true;
  }
}
