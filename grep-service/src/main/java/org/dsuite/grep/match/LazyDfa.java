package org.dsuite.grep.match;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A DFA built lazily from an {@link Nfa} while it scans (subset construction on demand, as GNU
 * grep's dfa.c does): each DFA state is the set of NFA states live after the bytes read so far, and
 * each transition is computed the first time it is taken, then read from a table. Scanning is one
 * table lookup per byte and linear in the input, whatever the pattern: no backtracking.
 *
 * <p>Unanchored mode re-enters the NFA start at every byte (a match may start anywhere); anchored
 * mode ({@code -x}) only at line starts. A {@code '\n'} byte ends a line: its acceptance at end of
 * line ({@code $}) is checked and the scan restarts. The state cache is bounded; when full it is
 * cleared and rebuilt from the current state. One instance per scan (not thread-safe).
 */
final class LazyDfa {
  private static final int MAX_DFA_STATES = 2048;
  private static final int UNKNOWN = -1;
  private static final int NEWLINE = -2;
  // Table entries are target rows (state << 8); an entry into a state where the scan must stop is
  // stored as -(row) - SPECIAL_BIAS, so the hot loop needs one sign test for every exceptional
  // case.
  private static final int SPECIAL_BIAS = 256;
  // An entry into the idle state while the skip loop is on (see idleSkip).
  private static final int IDLE_ENTRY = -3;

  private final Nfa nfa;
  private final boolean anchored;
  private final Map<Key, Integer> ids = new HashMap<>();
  private int[][] members = new int[64][];
  private boolean[] accept = new boolean[64];
  private boolean[] acceptAtEnd = new boolean[64];
  // Where the scan loop must stop and look: an accepting state (unanchored) or the dead state.
  private boolean[] special = new boolean[64];
  // Transitions, row per state: UNKNOWN, NEWLINE, or an entry made by encode().
  private int[] next = new int[64 * 256];
  private int count;
  private int lineStartState;
  private int deadState = -1;
  // Unanchored: the state after a byte that begins no match. With idleSkip on, the scan jumps
  // over bytes that keep it there instead of stepping through them.
  private int idleState = -1;
  private IdleSkip idleSkip;
  private boolean idleSkipDecided;

  // Scratch for closures.
  private final int[] stack;
  private final int[] mark;
  private int stamp;
  private int lineEnd;
  private int knownRow; // second result of followKnown

  // Heap copy of the part of the window being scanned.
  private byte[] mirror = new byte[1 << 12];
  private int mirrorFrom;
  private int mirrorTo;
  private boolean mirrorValid;

  private record Key(int[] states) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(states, k.states);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(states);
    }
  }

  LazyDfa(Nfa nfa, boolean anchored) {
    this.nfa = nfa;
    this.anchored = anchored;
    this.stack = new int[nfa.size * 3 + 8];
    this.mark = new int[nfa.size];
    reset();
  }

  private void reset() {
    ids.clear();
    count = 0;
    Arrays.fill(special, false);
    lineStartState = intern(closure(new int[] {nfa.start}, 1, true));
    deadState = anchored ? intern(new int[0]) : -1;
    if (deadState >= 0) {
      special[deadState] = true;
    }
    idleState = anchored ? -1 : intern(closure(new int[] {nfa.start}, 1, false));
    idleSkip = null;
    idleSkipDecided = false;
  }

  /**
   * Turns the skip loop on when it is sound and cheap: unanchored, the line-start state is the idle
   * state (no {@code ^}, so skipping a newline changes nothing), the idle state neither accepts nor
   * matches at a line's end, and the bytes that leave it fit {@link IdleSkip}. The idle state's
   * transitions are computed for all bytes first, so "leaves it" is known exactly.
   */
  private void decideIdleSkip() {
    idleSkipDecided = true;
    if (anchored
        || !ProbeScan.vectorAvailable()
        || idleState != lineStartState
        || accept[idleState]
        || acceptAtEnd[idleState]
        || count + 256 >= MAX_DFA_STATES) {
      return;
    }
    int row = idleState << 8;
    boolean[] exit = new boolean[256];
    for (int b = 0; b < 256; b++) {
      if (b == '\n') {
        continue;
      }
      if (next[row | b] == UNKNOWN) {
        step(idleState, b);
      }
      exit[b] = next[row | b] != row;
    }
    IdleSkip skip = IdleSkip.of(exit);
    if (skip == null) {
      return;
    }
    idleSkip = skip;
    for (int i = 0; i < count << 8; i++) {
      if (next[i] == row) {
        next[i] = IDLE_ENTRY;
      }
    }
  }

  /** Start of the line holding {@code pos}, at or after {@code lineStart} (a line start before). */
  private static int lineStartOf(byte[] m, int base, int lineStart, int pos) {
    for (int i = pos - 1; i >= lineStart; i--) {
      if (m[i - base] == '\n') {
        return i + 1;
      }
    }
    return lineStart;
  }

  /** End (newline index or limit) of the line last reported by {@link #nextMatch}. */
  int lineEnd() {
    return lineEnd;
  }

  /**
   * Start of the first line in {@code [from, to)} that matches ({@code from} is a line start), or
   * -1. One pass over the bytes; a line is reported as soon as a match is certain.
   */
  int nextMatch(ByteBuffer buf, int from, int to) {
    if (!mirrorValid || from < mirrorFrom || to > mirrorTo) {
      mirror(buf, from, to);
    }
    // The scan runs over a heap copy of the window: plain array reads are the cheapest the JIT
    // offers, and within one window the copy is made once (calls move forward monotonically).
    if (!idleSkipDecided) {
      decideIdleSkip();
    }
    byte[] m = mirror;
    int base = mirrorFrom;
    int lineStartRow = lineStartState << 8;
    // After a skip, lineStart may lag behind newlines that were jumped over: fixed before use.
    boolean lineStartStale = false;
    int row = lineStartRow; // the current state's row in the table: state << 8
    int lineStart = from;
    int[] table = next;
    int pos = from;
    while (pos < to) {
      pos = followKnown(table, m, pos - base, to - base - 1, row) + base;
      row = knownRow;
      if (pos >= to) {
        break;
      }
      int v = table[row | (m[pos - base] & 0xff)];
      if (v >= 0) {
        // The last byte before the limit, when followKnown stopped short of it.
        row = v;
        pos++;
        continue;
      }
      if (v == NEWLINE) {
        if (acceptAtEnd[row >> 8]) {
          lineEnd = pos;
          return lineStartStale ? lineStartOf(m, base, lineStart, pos) : lineStart;
        }
        row = lineStartRow;
        lineStart = ++pos;
        lineStartStale = false;
        continue;
      }
      if (v == IDLE_ENTRY) {
        row = idleState << 8;
        int resume = idleSkip.next(m, pos + 1 - base, to - base) + base;
        lineStartStale |= resume > pos + 1;
        pos = resume;
        continue;
      }
      int t = v == UNKNOWN ? step(row >> 8, m[pos - base] & 0xff) : (-v - SPECIAL_BIAS) >> 8;
      if (v == UNKNOWN) {
        table = next; // step() may have grown or reset the table
        lineStartRow = lineStartState << 8;
      }
      row = t << 8;
      if (special[t]) {
        int nl = Bytes.indexOf(buf, pos + 1, to, (byte) '\n');
        if (!anchored) {
          lineEnd = nl < 0 ? to : nl;
          return lineStartStale ? lineStartOf(m, base, lineStart, pos) : lineStart;
        }
        if (nl < 0) {
          return -1;
        }
        row = lineStartRow;
        lineStart = pos = nl + 1;
        continue;
      }
      pos++;
    }
    if (lineStartStale) {
      lineStart = lineStartOf(m, base, lineStart, to);
    }
    if (lineStart < to && acceptAtEnd[row >> 8]) {
      lineEnd = to;
      return lineStart;
    }
    return -1;
  }

  /**
   * The hot path, unrolled by two: follows known transitions to ordinary states (one load and one
   * sign test per byte) from {@code m[i]} while {@code i < end}; returns where it stopped and
   * leaves the state's row in {@link #knownRow}.
   */
  private int followKnown(int[] table, byte[] m, int i, int end, int row) {
    while (i < end) {
      int v0 = table[row | (m[i] & 0xff)];
      if (v0 < 0) {
        break;
      }
      int v1 = table[v0 | (m[i + 1] & 0xff)];
      if (v1 < 0) {
        row = v0;
        i++;
        break;
      }
      row = v1;
      i += 2;
    }
    knownRow = row;
    return i;
  }

  /** A table entry: the target's row, negated and biased when the scan must stop there. */
  private int encode(int target) {
    if (idleSkip != null && target == idleState) {
      return IDLE_ENTRY;
    }
    return special[target] ? -(target << 8) - SPECIAL_BIAS : target << 8;
  }

  private void mirror(ByteBuffer buf, int from, int to) {
    int n = to - from;
    if (mirror.length < n) {
      mirror = new byte[Math.max(n, mirror.length * 2)];
    }
    buf.get(from, mirror, 0, n);
    mirrorFrom = from;
    mirrorTo = to;
    mirrorValid = true;
  }

  /** The buffer's contents changed (a new window was read): the heap copy is stale. */
  void invalidate() {
    mirrorValid = false;
  }

  /** Whether one line {@code [s, e)} matches. */
  boolean matchesLine(ByteBuffer buf, int s, int e) {
    boolean windowCopy = mirrorValid;
    int r = nextMatch(buf, s, e);
    if (!windowCopy) {
      mirrorValid = false; // a one-line copy must not pass for the window's
    }
    return r == s;
  }

  private int step(int state, int b) {
    int[] from = members[state];
    int[] kernel = new int[from.length + 1];
    int n = 0;
    for (int s : from) {
      if (nfa.kind[s] == Nfa.BYTES && (nfa.sets[s][b >> 6] & (1L << (b & 63))) != 0) {
        kernel[n++] = nfa.out1[s];
      }
    }
    if (!anchored) {
      kernel[n++] = nfa.start;
    }
    int[] set = closure(kernel, n, false);
    if (count >= MAX_DFA_STATES) {
      int[] keep = from;
      reset();
      state = intern(keep);
    }
    int t = intern(set);
    next[(state << 8) | b] = encode(t);
    return t;
  }

  private int intern(int[] set) {
    Key k = new Key(set);
    Integer id = ids.get(k);
    if (id != null) {
      return id;
    }
    int i = count++;
    if (i == members.length) {
      int cap = i * 2;
      members = Arrays.copyOf(members, cap);
      accept = Arrays.copyOf(accept, cap);
      acceptAtEnd = Arrays.copyOf(acceptAtEnd, cap);
      special = Arrays.copyOf(special, cap);
      next = Arrays.copyOf(next, cap * 256);
    }
    Arrays.fill(next, i << 8, (i + 1) << 8, UNKNOWN);
    next[(i << 8) | '\n'] = NEWLINE;
    members[i] = set;
    boolean acc = false;
    for (int s : set) {
      acc |= nfa.kind[s] == Nfa.MATCH;
    }
    accept[i] = acc;
    special[i] = acc && !anchored;
    acceptAtEnd[i] = acc || endClosureMatches(set);
    ids.put(k, i);
    return i;
  }

  /**
   * The states reachable from {@code kernel[0..n)} without reading a byte, keeping byte-reading
   * states, MATCH, and pending {@code $} states (they pass only at a line's end); {@code ^} passes
   * only when {@code atLineStart}.
   */
  private int[] closure(int[] kernel, int n, boolean atLineStart) {
    stamp++;
    int sp = 0;
    for (int i = 0; i < n; i++) {
      stack[sp++] = kernel[i];
    }
    int[] out = new int[nfa.size];
    int m = 0;
    while (sp > 0) {
      int s = stack[--sp];
      if (mark[s] == stamp) {
        continue;
      }
      mark[s] = stamp;
      switch (nfa.kind[s]) {
        case Nfa.SPLIT -> {
          stack[sp++] = nfa.out2[s];
          stack[sp++] = nfa.out1[s];
        }
        case Nfa.LINE_START -> {
          if (atLineStart) {
            stack[sp++] = nfa.out1[s];
          }
        }
        default -> out[m++] = s;
      }
    }
    int[] set = Arrays.copyOf(out, m);
    Arrays.sort(set);
    return set;
  }

  /** Whether MATCH is reachable through pending {@code $} states at the end of a line. */
  private boolean endClosureMatches(int[] set) {
    stamp++;
    int sp = 0;
    for (int s : set) {
      if (nfa.kind[s] == Nfa.LINE_END) {
        stack[sp++] = nfa.out1[s];
      }
    }
    while (sp > 0) {
      int s = stack[--sp];
      if (mark[s] == stamp) {
        continue;
      }
      mark[s] = stamp;
      switch (nfa.kind[s]) {
        case Nfa.MATCH -> {
          return true;
        }
        case Nfa.SPLIT -> {
          stack[sp++] = nfa.out2[s];
          stack[sp++] = nfa.out1[s];
        }
        case Nfa.LINE_END -> stack[sp++] = nfa.out1[s];
        default -> {
          // Reading a byte or '^' after the end of a line: no match this way.
        }
      }
    }
    return false;
  }
}
