package org.dsuite.grep.match;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Rewrites one GNU grep pattern (BRE, ERE or fixed string) as a java.util.regex source that
 * selects exactly the same lines in the C locale.
 *
 * <p>Line selection only asks whether some match exists, so POSIX leftmost-longest and Java
 * leftmost-first semantics agree; what must be translated with care is syntax: which characters
 * are operators where (a BRE {@code *} at the start is a literal, {@code ^} is an anchor only at
 * the start of a branch, an ERE {@code {} that does not start a valid interval is a literal),
 * stacked quantifiers ({@code a**} is {@code (a*)*} in POSIX but possessive or lazy in Java) and
 * bracket expressions (see {@link BracketTranslator}). Constructs GNU grep accepts with a warning
 * or with a meaning we do not reproduce are refused with a {@link PatternException}.
 */
public final class PosixTranslator {
  /** GNU's RE_DUP_MAX: larger interval bounds are an error in GNU grep too. */
  static final int DUP_MAX = 32_767;

  private static final String WORD = "[A-Za-z0-9_]";

  private final String p;
  private final boolean ere;
  private final int groupBase;
  private int pos;
  private int opened;
  private final BitSet closed = new BitSet();

  /** One parsed atom with its quantifier, if any. */
  private record Piece(String regex, boolean quantified, int literal, boolean anchor) {}

  /** A parsed branch: its regex and, for the literal filter, its longest unquantified run. */
  private record Branch(
      String regex, String longestRun, boolean pureLiteral, boolean runIsPrefix) {}

  private PosixTranslator(String p, boolean ere, int groupBase) {
    this.p = p;
    this.ere = ere;
    this.groupBase = groupBase;
  }

  /**
   * @param groupBase number of groups opened by earlier patterns of the same query
   */
  public static Translation translate(String pattern, PatternSyntax syntax, int groupBase) {
    if (syntax == PatternSyntax.FIXED) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < pattern.length(); i++) {
        sb.append(literal(pattern.charAt(i)));
      }
      return new Translation(sb.toString(), 0, pattern, true, true);
    }
    PosixTranslator t = new PosixTranslator(pattern, syntax == PatternSyntax.EXTENDED, groupBase);
    List<Branch> branches = t.alternation(0);
    if (t.pos != pattern.length()) {
      throw new PatternException("Unmatched ) or \\)");
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < branches.size(); i++) {
      sb.append(i == 0 ? "" : "|").append(branches.get(i).regex());
    }
    if (branches.size() == 1) {
      Branch b = branches.get(0);
      return new Translation(
          sb.toString(), t.opened, b.longestRun(), b.pureLiteral(), b.runIsPrefix());
    }
    return new Translation(sb.toString(), t.opened, "", false, false);
  }

  private boolean at(String s) {
    return p.startsWith(s, pos);
  }

  private boolean atAlternation() {
    return ere ? at("|") : at("\\|");
  }

  private boolean atGroupClose() {
    return ere ? at(")") : at("\\)");
  }

  private List<Branch> alternation(int depth) {
    List<Branch> branches = new ArrayList<>();
    while (true) {
      branches.add(branch(depth));
      if (pos < p.length() && atAlternation()) {
        pos += ere ? 1 : 2;
        continue;
      }
      return branches;
    }
  }

  private Branch branch(int depth) {
    List<Piece> pieces = new ArrayList<>();
    while (pos < p.length()) {
      if (atAlternation()) {
        break;
      }
      if (atGroupClose()) {
        if (depth == 0) {
          throw new PatternException("Unmatched ) or \\)");
        }
        break;
      }
      if (ere) {
        ereToken(pieces, depth);
      } else {
        breToken(pieces, depth);
      }
    }
    return summarize(pieces);
  }

  /**
   * Between two runs of equal length, whether {@code a} looks rarer in log text (lower summed
   * {@link LiteralFinder#rank}): {@code req=[0-9a-f]*ffff} then searches for {@code ffff}, which
   * few lines hold, instead of {@code req=}, which most request lines hold.
   */
  private static boolean rarer(CharSequence a, CharSequence b) {
    int sa = 0;
    int sb = 0;
    for (int i = 0; i < a.length(); i++) {
      sa += LiteralFinder.rank((byte) a.charAt(i));
      sb += LiteralFinder.rank((byte) b.charAt(i));
    }
    return sa < sb;
  }

  private static Branch summarize(List<Piece> pieces) {
    StringBuilder regex = new StringBuilder();
    StringBuilder run = new StringBuilder();
    String best = "";
    boolean pure = true;
    boolean bestIsPrefix = false;
    boolean runIsPrefix = true;
    for (Piece piece : pieces) {
      regex.append(piece.regex());
      if (piece.literal() >= 0 && !piece.quantified()) {
        run.append((char) piece.literal());
        if (run.length() > best.length() || (run.length() == best.length() && rarer(run, best))) {
          best = run.toString();
          bestIsPrefix = runIsPrefix;
        }
      } else {
        pure = false;
        run.setLength(0);
        runIsPrefix = false;
      }
    }
    return new Branch(regex.toString(), best, pure, bestIsPrefix && !best.isEmpty());
  }

  private void ereToken(List<Piece> pieces, int depth) {
    char c = p.charAt(pos);
    switch (c) {
      case '(' -> {
        pos++;
        pieces.add(group(depth, 1));
      }
      case '*', '+', '?' -> {
        pos++;
        quantify(pieces, String.valueOf(c));
      }
      case '{' -> {
        String interval = tryInterval(pos + 1, "}");
        if (interval == null) {
          pos++;
          pieces.add(lit(c));
        } else {
          quantify(pieces, interval);
        }
      }
      case '^' -> {
        pos++;
        pieces.add(new Piece("^", false, -1, true));
      }
      case '$' -> {
        pos++;
        pieces.add(new Piece("$", false, -1, true));
      }
      case '.' -> {
        pos++;
        pieces.add(new Piece(".", false, -1, false));
      }
      case '[' -> pieces.add(bracket());
      case '\\' -> pieces.add(escape());
      default -> {
        pos++;
        pieces.add(lit(c));
      }
    }
  }

  private void breToken(List<Piece> pieces, int depth) {
    char c = p.charAt(pos);
    // GNU reads '*' as a literal at the start of a BRE, after \( or \|, and right after a leading
    // ^.
    boolean atStart = pieces.isEmpty() || (pieces.size() == 1 && pieces.get(0).regex().equals("^"));
    if (c == '\\' && pos + 1 < p.length()) {
      char n = p.charAt(pos + 1);
      switch (n) {
        case '(' -> {
          pos += 2;
          pieces.add(group(depth, 2));
          return;
        }
        case '{' -> {
          String interval = tryInterval(pos + 2, "\\}");
          if (interval == null) {
            throw new PatternException("Invalid content of \\{\\} or Unmatched \\{");
          }
          if (atStart) {
            throw new PatternException("unsupported: interval \\{ at start of expression");
          }
          quantify(pieces, interval);
          return;
        }
        case '+', '?' -> {
          if (atStart) {
            throw new PatternException("unsupported: \\" + n + " at start of expression");
          }
          pos += 2;
          quantify(pieces, String.valueOf(n));
          return;
        }
        case '}' -> throw new PatternException("unsupported: unmatched \\}");
        default -> {
          pieces.add(escape());
          return;
        }
      }
    }
    switch (c) {
      case '*' -> {
        pos++;
        if (atStart) {
          pieces.add(lit(c));
        } else {
          quantify(pieces, "*");
        }
      }
      case '^' -> {
        pos++;
        pieces.add(pieces.isEmpty() ? new Piece("^", false, -1, true) : lit(c));
      }
      case '$' -> {
        pos++;
        boolean end = pos == p.length() || at("\\)") || at("\\|");
        pieces.add(end ? new Piece("$", false, -1, true) : lit(c));
      }
      case '.' -> {
        pos++;
        pieces.add(new Piece(".", false, -1, false));
      }
      case '[' -> pieces.add(bracket());
      default -> {
        pos++;
        pieces.add(lit(c));
      }
    }
  }

  /** Parses a group body after its opening token; {@code closeLen} is 1 for ERE, 2 for BRE. */
  private Piece group(int depth, int closeLen) {
    int number = ++opened;
    List<Branch> inner = alternation(depth + 1);
    if (pos >= p.length() || !atGroupClose()) {
      throw new PatternException("Unmatched ( or \\(");
    }
    pos += closeLen;
    closed.set(number);
    StringBuilder sb = new StringBuilder("(?<g").append(groupBase + number).append('>');
    for (int i = 0; i < inner.size(); i++) {
      sb.append(i == 0 ? "" : "|").append(inner.get(i).regex());
    }
    return new Piece(sb.append(')').toString(), false, -1, false);
  }

  /**
   * Parses {@code m}, {@code m,}, {@code ,n} or {@code m,n} starting at {@code from}, closed by
   * {@code close}; returns the Java quantifier and advances, or returns null if the text there is
   * not an interval.
   */
  private String tryInterval(int from, String close) {
    int i = from;
    int mStart = i;
    while (i < p.length() && Character.isDigit(p.charAt(i))) {
      i++;
    }
    String m = p.substring(mStart, i);
    String n = m;
    boolean comma = false;
    if (i < p.length() && p.charAt(i) == ',') {
      comma = true;
      int nStart = ++i;
      while (i < p.length() && Character.isDigit(p.charAt(i))) {
        i++;
      }
      n = p.substring(nStart, i);
    }
    if (!p.startsWith(close, i) || (m.isEmpty() && n.isEmpty())) {
      return null;
    }
    int min = m.isEmpty() ? 0 : bound(m);
    int max = n.isEmpty() ? -1 : bound(n);
    if (max >= 0 && min > max) {
      throw new PatternException("Invalid content of \\{\\}");
    }
    pos = i + close.length();
    if (!comma) {
      return "{" + min + "}";
    }
    return "{" + min + "," + (max < 0 ? "" : String.valueOf(max)) + "}";
  }

  private static int bound(String digits) {
    if (digits.length() > 6 || Integer.parseInt(digits) > DUP_MAX) {
      throw new PatternException("Regular expression too big");
    }
    return Integer.parseInt(digits);
  }

  private void quantify(List<Piece> pieces, String quantifier) {
    if (pieces.isEmpty() || pieces.get(pieces.size() - 1).anchor()) {
      throw new PatternException(
          "unsupported: '" + quantifier + "' with nothing to repeat (GNU grep reads it specially)");
    }
    Piece last = pieces.remove(pieces.size() - 1);
    String base = last.quantified() ? "(?:" + last.regex() + ")" : last.regex();
    pieces.add(new Piece(base + quantifier, true, -1, false));
  }

  private Piece bracket() {
    BracketTranslator.Result r = BracketTranslator.translate(p, pos);
    pos = r.end();
    return new Piece(r.regex(), false, -1, false);
  }

  /** A backslash escape that is not a BRE operator (those are handled by the caller). */
  private Piece escape() {
    if (pos + 1 >= p.length()) {
      throw new PatternException("Trailing backslash");
    }
    char n = p.charAt(pos + 1);
    pos += 2;
    String nonWord = "(?!" + WORD + ")";
    String word = "(?=" + WORD + ")";
    switch (n) {
      case 'w':
        return new Piece(WORD, false, -1, false);
      case 'W':
        return new Piece("[^A-Za-z0-9_]", false, -1, false);
      case 's':
        return new Piece("[\\x20\\x09-\\x0D]", false, -1, false);
      case 'S':
        return new Piece("[^\\x20\\x09-\\x0D]", false, -1, false);
      case 'b':
        return anchor("(?:(?<=" + WORD + ")" + nonWord + "|(?<!" + WORD + ")" + word + ")");
      case 'B':
        return anchor("(?:(?<=" + WORD + ")" + word + "|(?<!" + WORD + ")" + nonWord + ")");
      case '<':
        return anchor("(?<!" + WORD + ")" + word);
      case '>':
        return anchor("(?<=" + WORD + ")" + nonWord);
      case '`':
        return anchor("\\A");
      case '\'':
        return anchor("\\z");
      default:
        break;
    }
    if (n >= '1' && n <= '9') {
      int ref = n - '0';
      if (!closed.get(ref)) {
        throw new PatternException("Invalid back reference");
      }
      return new Piece("\\k<g" + (groupBase + ref) + ">", false, -1, false);
    }
    if (n < 0x80 && !Character.isLetterOrDigit(n) && n >= 0x20) {
      return lit(n);
    }
    throw new PatternException(
        "unsupported escape \\" + n + " (GNU grep warns 'stray \\' and its meaning may change)");
  }

  private static Piece anchor(String regex) {
    return new Piece(regex, false, -1, true);
  }

  private static Piece lit(char c) {
    return new Piece(literal(c), false, c, false);
  }

  static String literal(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return String.valueOf(c);
    }
    return BracketTranslator.hex(c);
  }
}
