package org.dsuite.grep.match;

import java.util.Map;

/**
 * Translates one POSIX bracket expression ({@code [a-z]}, {@code [^]x]}, {@code [[:alpha:]]}) into
 * a java.util.regex character class, with C-locale meaning: ranges are byte ranges, classes are
 * ASCII. Every member is written as a {@code \xHH} escape, so no character can take on a Java
 * meaning ({@code &&}, nested {@code [}, a backslash) that POSIX does not give it.
 */
final class BracketTranslator {
  /** The twelve POSIX classes in the C locale, as Java class members. */
  private static final Map<String, String> CLASSES =
      Map.ofEntries(
          Map.entry("alpha", "A-Za-z"),
          Map.entry("digit", "0-9"),
          Map.entry("alnum", "0-9A-Za-z"),
          Map.entry("upper", "A-Z"),
          Map.entry("lower", "a-z"),
          Map.entry("space", "\\x20\\x09-\\x0D"),
          Map.entry("blank", "\\x20\\x09"),
          Map.entry("punct", "\\x21-\\x2F\\x3A-\\x40\\x5B-\\x60\\x7B-\\x7E"),
          Map.entry("print", "\\x20-\\x7E"),
          Map.entry("graph", "\\x21-\\x7E"),
          Map.entry("cntrl", "\\x00-\\x1F\\x7F"),
          Map.entry("xdigit", "0-9A-Fa-f"));

  private BracketTranslator() {}

  /** Result: the Java class and the index just past the closing {@code ]}. */
  record Result(String regex, int end) {}

  /**
   * @param p the pattern
   * @param open index of the opening {@code [}
   */
  static Result translate(String p, int open) {
    int i = open + 1;
    boolean negate = false;
    if (i < p.length() && p.charAt(i) == '^') {
      negate = true;
      i++;
    }
    int contentStart = i;
    StringBuilder out = new StringBuilder(negate ? "[^" : "[");
    boolean first = true;
    while (true) {
      if (i >= p.length()) {
        throw unmatched();
      }
      char c = p.charAt(i);
      if (c == ']' && !first) {
        break;
      }
      first = false;
      if (c == '[' && i + 1 < p.length() && ":=.".indexOf(p.charAt(i + 1)) >= 0) {
        char kind = p.charAt(i + 1);
        int close = p.indexOf(kind + "]", i + 2);
        if (close < 0) {
          throw unmatched();
        }
        String name = p.substring(i + 2, close);
        i = close + 2;
        if (kind == ':') {
          String members = CLASSES.get(name);
          if (members == null) {
            throw new PatternException("Invalid character class name: [:" + name + ":]");
          }
          out.append(members);
          continue;
        }
        if (name.length() != 1) {
          throw new PatternException(
              "unsupported: multi-character collating element or equivalence class ["
                  + kind
                  + name
                  + kind
                  + "]");
        }
        c = name.charAt(0);
        i = appendMaybeRange(p, i, c, out);
        continue;
      }
      i = appendMaybeRange(p, i + 1, c, out);
    }
    String content = p.substring(contentStart, i);
    if (content.length() >= 2 && content.charAt(0) == ':' && content.endsWith(":")) {
      throw new PatternException("character class syntax is [[:space:]], not [:space:]");
    }
    out.append(']');
    return new Result(out.toString(), i + 1);
  }

  /**
   * Appends {@code c}, or the range {@code c-x} if one follows at {@code i}; returns next index.
   */
  private static int appendMaybeRange(String p, int i, char c, StringBuilder out) {
    if (i + 1 < p.length() && p.charAt(i) == '-' && p.charAt(i + 1) != ']') {
      char hi = p.charAt(i + 1);
      int next = i + 2;
      if (hi == '[' && i + 2 < p.length() && p.charAt(i + 2) == '.') {
        int close = p.indexOf(".]", i + 3);
        if (close != i + 4) {
          throw new PatternException("unsupported: range ending in a collating element");
        }
        hi = p.charAt(i + 3);
        next = close + 2;
      } else if (hi == '[' && i + 2 < p.length() && ":=".indexOf(p.charAt(i + 2)) >= 0) {
        throw new PatternException("Invalid range end");
      }
      if (hi < c) {
        throw new PatternException("Invalid range end");
      }
      out.append(hex(c)).append('-').append(hex(hi));
      return next;
    }
    out.append(hex(c));
    return i;
  }

  static String hex(char c) {
    return String.format("\\x%02X", (int) c);
  }

  private static PatternException unmatched() {
    return new PatternException("Unmatched [, [^, [:, [., or [=");
  }
}
