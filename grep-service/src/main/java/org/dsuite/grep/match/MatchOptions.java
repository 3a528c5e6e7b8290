package org.dsuite.grep.match;

import java.util.List;

/**
 * What makes a line match: the patterns (each a string of bytes, one char per byte, values 0-255,
 * as in the C locale), their syntax and GNU grep's {@code -i}, {@code -v}, {@code -w}, {@code -x}.
 *
 * @param patterns one or more patterns; a line matches if any pattern matches it (GNU grep's {@code
 *     -e P1 -e P2}); none may contain a newline (callers split on newlines first)
 */
public record MatchOptions(
    List<String> patterns,
    PatternSyntax syntax,
    boolean ignoreCase,
    boolean invert,
    boolean wordRegexp,
    boolean lineRegexp) {
  public MatchOptions {
    patterns = List.copyOf(patterns);
    if (patterns.isEmpty()) {
      throw new PatternException("no pattern given");
    }
    for (String p : patterns) {
      for (int i = 0; i < p.length(); i++) {
        char c = p.charAt(i);
        if (c > 0xff) {
          throw new PatternException("pattern character beyond one byte: U+" + (int) c);
        }
        if (c == '\n') {
          throw new IllegalArgumentException("split patterns on newlines before matching");
        }
      }
    }
  }
}
