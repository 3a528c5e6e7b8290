package org.dsuite.grep.match;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the java.util.regex source that {@link PosixTranslator} emits back into a {@link
 * RegexNode} tree, for the linear-time engine. The emitted language is small: literals ({@code a},
 * {@code \xHH}), {@code .}, classes of literals and ranges, groups ({@code (?:...)}, {@code
 * (?<gN>...)}), alternation, the quantifiers {@code * + ? {m,n}} and the anchors {@code ^ $}.
 * Anything else (back-references, look-arounds, {@code \A}) makes {@link #parse} return null, and
 * the query runs on java.util.regex instead.
 */
final class DfaSubsetParser {
  private final String s;
  private final boolean ignoreCase;
  private int pos;

  /** Thrown inside the parser when the source leaves the supported subset. */
  private static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported() {
      super(null, null, false, false);
    }
  }

  private DfaSubsetParser(String s, boolean ignoreCase) {
    this.s = s;
    this.ignoreCase = ignoreCase;
  }

  /** The tree, or null if the source uses something the DFA engine does not support. */
  static RegexNode parse(String source, boolean ignoreCase) {
    DfaSubsetParser p = new DfaSubsetParser(source, ignoreCase);
    try {
      RegexNode n = p.alternation();
      return p.pos == source.length() ? n : null;
    } catch (Unsupported | IndexOutOfBoundsException | NumberFormatException e) {
      return null;
    }
  }

  private RegexNode alternation() {
    List<RegexNode> branches = new ArrayList<>();
    branches.add(concat());
    while (pos < s.length() && s.charAt(pos) == '|') {
      pos++;
      branches.add(concat());
    }
    return branches.size() == 1 ? branches.get(0) : new RegexNode.Alternation(branches);
  }

  private RegexNode concat() {
    List<RegexNode> items = new ArrayList<>();
    while (pos < s.length() && s.charAt(pos) != '|' && s.charAt(pos) != ')') {
      RegexNode atom = atom();
      items.add(quantified(atom));
    }
    return items.size() == 1 ? items.get(0) : new RegexNode.Concat(items);
  }

  private RegexNode quantified(RegexNode atom) {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == '*') {
        atom = new RegexNode.Repeat(atom, 0, -1);
      } else if (c == '+') {
        atom = new RegexNode.Repeat(atom, 1, -1);
      } else if (c == '?') {
        atom = new RegexNode.Repeat(atom, 0, 1);
      } else if (c == '{') {
        int close = s.indexOf('}', pos);
        String body = s.substring(pos + 1, close);
        int comma = body.indexOf(',');
        int min = Integer.parseInt(comma < 0 ? body : body.substring(0, comma));
        int max =
            comma < 0
                ? min
                : comma == body.length() - 1 ? -1 : Integer.parseInt(body.substring(comma + 1));
        atom = new RegexNode.Repeat(atom, min, max);
        pos = close;
      } else {
        return atom;
      }
      pos++;
      if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '?')) {
        throw new Unsupported(); // possessive or lazy: never emitted, never guessed at
      }
    }
    return atom;
  }

  private RegexNode atom() {
    char c = s.charAt(pos);
    switch (c) {
      case '(' -> {
        if (s.startsWith("(?:", pos)) {
          pos += 3;
        } else if (s.startsWith("(?<g", pos)) {
          pos = s.indexOf('>', pos) + 1;
        } else {
          throw new Unsupported();
        }
        RegexNode inner = alternation();
        if (pos >= s.length() || s.charAt(pos) != ')') {
          throw new Unsupported();
        }
        pos++;
        return inner;
      }
      case '[' -> {
        return bracket();
      }
      case '.' -> {
        pos++;
        long[] set = {-1L, -1L, -1L, -1L};
        set[0] &= ~(1L << '\n');
        return new RegexNode.Bytes(set);
      }
      case '^' -> {
        pos++;
        return new RegexNode.LineStart();
      }
      case '$' -> {
        pos++;
        return new RegexNode.LineEnd();
      }
      default -> {
        long[] set = new long[4];
        add(set, single());
        return new RegexNode.Bytes(set);
      }
    }
  }

  /** One literal character: {@code \xHH} or a letter, digit or underscore. */
  private int single() {
    char c = s.charAt(pos);
    if (c == '\\') {
      if (s.charAt(pos + 1) != 'x') {
        throw new Unsupported();
      }
      int v = Integer.parseInt(s.substring(pos + 2, pos + 4), 16);
      pos += 4;
      return v;
    }
    if (!Character.isLetterOrDigit(c) && c != '_' || c > 0x7f) {
      throw new Unsupported();
    }
    pos++;
    return c;
  }

  private RegexNode bracket() {
    pos++;
    boolean negate = s.charAt(pos) == '^';
    if (negate) {
      pos++;
    }
    long[] set = new long[4];
    while (s.charAt(pos) != ']') {
      int lo = single();
      int hi = lo;
      if (s.charAt(pos) == '-' && s.charAt(pos + 1) != ']') {
        pos++;
        hi = single();
      }
      for (int v = lo; v <= hi; v++) {
        add(set, v);
      }
    }
    pos++;
    if (negate) {
      for (int i = 0; i < 4; i++) {
        set[i] = ~set[i];
      }
      set[0] &= ~(1L << '\n');
    }
    return new RegexNode.Bytes(set);
  }

  private void add(long[] set, int v) {
    set[v >> 6] |= 1L << (v & 63);
    if (ignoreCase && v < 128 && Character.isLetter(v)) {
      int o = Character.isUpperCase(v) ? v + 32 : v - 32;
      set[o >> 6] |= 1L << (o & 63);
    }
  }
}
