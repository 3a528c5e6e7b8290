package org.dsuite.grep.match;

import java.util.Arrays;

/**
 * A Thompson NFA over bytes, built from a {@link RegexNode} tree right to left: each node is
 * compiled with its continuation already known, so no patching is needed. Counted repeats are
 * expanded ({@code x{2,4}} is {@code xxx?x?}); a tree too large to expand is refused and the query
 * falls back to java.util.regex. Immutable once built; shared by all scans of a query.
 */
final class Nfa {
  static final int BYTES = 0;
  static final int SPLIT = 1;
  static final int LINE_START = 2;
  static final int LINE_END = 3;
  static final int MATCH = 4;

  /** Beyond this many states the DFA's subsets get expensive; use the backtracking engine. */
  static final int MAX_STATES = 4096;

  int[] kind = new int[64];
  int[] out1 = new int[64];
  int[] out2 = new int[64];
  long[][] sets = new long[64][];
  int size;
  int start;

  private Nfa() {}

  /** The NFA, or null if the tree expands beyond {@link #MAX_STATES}. */
  static Nfa build(RegexNode root) {
    Nfa n = new Nfa();
    try {
      int match = n.add(MATCH, -1, -1, null);
      n.start = n.compile(root, match);
      return n;
    } catch (IllegalStateException tooBig) {
      return null;
    }
  }

  private int add(int k, int o1, int o2, long[] set) {
    if (size == MAX_STATES) {
      throw new IllegalStateException("NFA too large");
    }
    if (size == kind.length) {
      int cap = size * 2;
      kind = Arrays.copyOf(kind, cap);
      out1 = Arrays.copyOf(out1, cap);
      out2 = Arrays.copyOf(out2, cap);
      sets = Arrays.copyOf(sets, cap);
    }
    kind[size] = k;
    out1[size] = o1;
    out2[size] = o2;
    sets[size] = set;
    return size++;
  }

  private int compile(RegexNode node, int next) {
    if (node instanceof RegexNode.Bytes b) {
      return add(BYTES, next, -1, b.set());
    }
    if (node instanceof RegexNode.Concat c) {
      int cur = next;
      for (int i = c.items().size() - 1; i >= 0; i--) {
        cur = compile(c.items().get(i), cur);
      }
      return cur;
    }
    if (node instanceof RegexNode.Alternation a) {
      int cur = compile(a.branches().get(a.branches().size() - 1), next);
      for (int i = a.branches().size() - 2; i >= 0; i--) {
        cur = add(SPLIT, compile(a.branches().get(i), next), cur, null);
      }
      return cur;
    }
    if (node instanceof RegexNode.Repeat r) {
      int cur = next;
      if (r.max() < 0) {
        int loop = add(SPLIT, -1, next, null);
        out1[loop] = compile(r.body(), loop);
        cur = loop;
      } else {
        for (int i = 0; i < r.max() - r.min(); i++) {
          cur = add(SPLIT, compile(r.body(), cur), next, null);
        }
      }
      for (int i = 0; i < r.min(); i++) {
        cur = compile(r.body(), cur);
      }
      return cur;
    }
    if (node instanceof RegexNode.LineStart) {
      return add(LINE_START, next, -1, null);
    }
    if (node instanceof RegexNode.LineEnd) {
      return add(LINE_END, next, -1, null);
    }
    throw new IllegalArgumentException("unknown node " + node);
  }
}
