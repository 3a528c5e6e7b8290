package org.dsuite.grep.match;

import java.nio.ByteBuffer;
import java.util.regex.Matcher;

/**
 * Finds the next selected line in a buffer: the next matching line, or with {@code -v} the next
 * non-matching one. With a required literal it searches the buffer for the literal (not line by
 * line), and only the line around a hit is given to the regex; without one, the regex sees each
 * line in turn through a reused {@link LineSequence} and {@link Matcher}, so a line that does not
 * match costs no allocation. Single-threaded; one per scan.
 */
public final class LineSelector {
  private final CompiledQuery query;
  private final boolean invert;
  private final boolean lineRegexp;
  private final LiteralFinder finder;
  private final LineSequence seq;
  private final Matcher matcher;
  private final LazyDfa dfa;
  private int lineEnd;
  private boolean tuned;
  // With a DFA available: when literal hits are dense, the literal search only doubles the work.
  private long literalCandidates;
  private long literalBytes;
  private boolean literalUseless;
  private boolean startsNeeded = true;

  // With -v: the next matching line at or after cacheFrom in cacheBuf (-1: none before the limit).
  private ByteBuffer cacheBuf;
  private int cacheFrom = Integer.MAX_VALUE;
  private int cacheLimit;
  private int cacheMatch;
  private int cacheMatchEnd;

  LineSelector(CompiledQuery query, QueryBudget budget) {
    this.query = query;
    this.invert = query.options().invert();
    this.lineRegexp = query.options().lineRegexp();
    this.finder =
        query.literal().isEmpty()
            ? null
            : new LiteralFinder(query.literal(), query.options().ignoreCase());
    this.seq = new LineSequence(budget);
    this.matcher = query.regex().matcher("");
    this.dfa = query.nfa() == null ? null : new LazyDfa(query.nfa(), lineRegexp);
  }

  /**
   * The scan read new bytes into the buffer: forget everything remembered about its contents (the
   * buffer object stays the same, so identity cannot tell).
   */
  public void newWindow() {
    cacheBuf = null;
    cacheFrom = Integer.MAX_VALUE;
    if (dfa != null) {
      dfa.invalidate();
    }
  }

  /**
   * With {@code false}, the caller only counts lines ({@code -c}, {@code -l}): a literal hit may
   * then be returned instead of its line's start, which saves scanning back to the line start.
   * Ignored with {@code -v}, which needs exact line starts.
   */
  public void lineStartsNeeded(boolean needed) {
    startsNeeded = needed || invert;
  }

  /** End (index of the newline, or the limit) of the line last returned. */
  public int lineEnd() {
    return lineEnd;
  }

  /**
   * Start of the next selected line in {@code [from, to)} ({@code from} is a line start), or -1.
   */
  public int nextSelected(ByteBuffer b, int from, int to) {
    if (!invert) {
      return nextMatching(b, from, to);
    }
    while (from < to) {
      if (cacheBuf != b
          || from < cacheFrom
          || to != cacheLimit
          || (cacheMatch >= 0 && cacheMatch < from)) {
        cacheBuf = b;
        cacheFrom = from;
        cacheLimit = to;
        cacheMatch = nextMatching(b, from, to);
        cacheMatchEnd = lineEnd;
      }
      if (cacheMatch != from) {
        int nl = Bytes.indexOf(b, from, to, (byte) '\n');
        lineEnd = nl < 0 ? to : nl;
        return from;
      }
      from = cacheMatchEnd + 1;
    }
    return -1;
  }

  /** Start of the next matching line in {@code [from, to)}, or -1. */
  public int nextMatching(ByteBuffer b, int from, int to) {
    if (query.matchAll()) {
      if (from >= to) {
        return -1;
      }
      int nl = Bytes.indexOf(b, from, to, (byte) '\n');
      lineEnd = nl < 0 ? to : nl;
      return from;
    }
    if (finder != null && !literalUseless) {
      if (!tuned) {
        tuned = true;
        finder.tune(b, from, Math.min(to, from + (256 << 10)));
      }
      return viaLiteral(b, from, to);
    }
    if (dfa != null) {
      int ls = dfa.nextMatch(b, from, to);
      lineEnd = dfa.lineEnd();
      return ls;
    }
    int ls = from;
    while (ls < to) {
      int nl = Bytes.indexOf(b, ls, to, (byte) '\n');
      int le = nl < 0 ? to : nl;
      if (regexMatches(b, ls, le)) {
        lineEnd = le;
        return ls;
      }
      ls = le + 1;
    }
    return -1;
  }

  private int viaLiteral(ByteBuffer b, int from, int to) {
    if (dfa != null && query.literalIsPrefix() && !query.literalOnly()) {
      return viaPrefixLiteral(b, from, to); // (a pure literal needs no DFA run at all)
    }
    int pos = from;
    while (pos < to) {
      int hit = finder.find(b, pos, to);
      if (hit < 0) {
        return -1;
      }
      int nl = Bytes.indexOf(b, hit + finder.length(), to, (byte) '\n');
      int le = nl < 0 ? to : nl;
      if (query.literalOnly() && !startsNeeded) {
        lineEnd = le;
        return hit;
      }
      int prev = Bytes.lastIndexOf(b, pos, hit, (byte) '\n');
      int ls = prev < 0 ? pos : prev + 1;
      if (query.literalOnly() || regexMatches(b, ls, le)) {
        lineEnd = le;
        return ls;
      }
      if (dfa != null) {
        literalBytes += le + 1 - pos;
        if (++literalCandidates == 4096 && literalBytes / literalCandidates < 4096) {
          literalUseless = true; // from now on the DFA alone scans (see nextMatching)
        }
      }
      pos = le + 1;
    }
    return -1;
  }

  /**
   * Every match starts with the literal: run the DFA from each hit to the end of its line, and look
   * for the line's start only once it matched.
   */
  private int viaPrefixLiteral(ByteBuffer b, int from, int to) {
    int pos = from;
    while (pos < to) {
      int hit = finder.find(b, pos, to);
      if (hit < 0) {
        return -1;
      }
      int nl = Bytes.indexOf(b, hit + finder.length(), to, (byte) '\n');
      int le = nl < 0 ? to : nl;
      if (dfa.matchesLine(b, hit, le)) {
        lineEnd = le;
        if (!startsNeeded) {
          return hit;
        }
        int prev = Bytes.lastIndexOf(b, pos, hit, (byte) '\n');
        return prev < 0 ? pos : prev + 1;
      }
      pos = le + 1;
    }
    return -1;
  }

  /** Whether the line {@code [s, e)} matches the patterns (ignoring -v). */
  public boolean regexMatches(ByteBuffer b, int s, int e) {
    if (dfa != null) {
      return dfa.matchesLine(b, s, e);
    }
    seq.point(b, s, e);
    matcher.reset(seq);
    try {
      return lineRegexp ? matcher.matches() : matcher.find();
    } catch (StackOverflowError overflow) {
      throw new PatternException(
          "pattern too complex for a line of " + (e - s) + " bytes (regex recursion too deep)");
    }
  }
}
