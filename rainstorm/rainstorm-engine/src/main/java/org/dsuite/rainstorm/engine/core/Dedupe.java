package org.dsuite.rainstorm.engine.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The inputs a task has processed, in bounded memory: per input stream a high-water mark (every
 * number up to it was processed) plus the numbers processed above it, at most {@code window} of
 * them.
 *
 * <ul>
 *   <li>Sequenced IDs ({@link TupleId#isSequenced()}) are numbered 1, 2, 3, ... per stream and
 *       usually arrive in order, so the mark simply advances; a lost or delayed batch leaves a gap
 *       that a resend fills later. An input more than {@code window} above the mark is {@link
 *       Verdict#AHEAD}: the task neither processes nor acknowledges it, so its upstream keeps it
 *       and resends it after the gap is filled. That is what bounds the memory.
 *   <li>Source lines ({@link TupleId#isSource()}) come from the task's own split, read in
 *       increasing line order by one reader, and a restarted source reads on from no later than the
 *       line after its highest processed one ({@code TaskCore#sourceResumeLine}); so the lines
 *       processed are exactly those up to the highest one, and that one number is all there is to
 *       remember.
 * </ul>
 */
public final class Dedupe {
  /** What to do with an input. */
  public enum Verdict {
    NEW,
    DUPLICATE,
    /** Too far above the mark: leave it unacknowledged; the upstream resends it later. */
    AHEAD
  }

  /** One stream's mark and the numbers processed above it. */
  public record Mark(long upTo, Set<Long> above) {
    public Mark {
      above = Set.copyOf(above);
    }
  }

  private static final class Stream {
    long upTo;
    final Set<Long> above = new HashSet<>();
  }

  private final int window;
  private final Map<Long, Stream> streams = new HashMap<>();
  private int aboveTotal;

  // The stream looked up last: a batch's inputs nearly all come on one stream, so most lookups
  // skip the map (and boxing the stream tag).
  private long lastHi;
  private Stream last;

  private Stream stream(long hi) {
    if (last != null && lastHi == hi) {
      return last;
    }
    Stream s = streams.get(hi);
    if (s != null) {
      lastHi = hi;
      last = s;
    }
    return s;
  }

  /**
   * @param window numbers held above a stream's mark at most
   */
  public Dedupe(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be >= 1: " + window);
    }
    this.window = window;
  }

  public Verdict check(TupleId id) {
    Stream s = stream(id.hi());
    long upTo = s == null ? 0 : s.upTo;
    long n = id.lo();
    if (id.isSource()) {
      return n < upTo ? Verdict.DUPLICATE : Verdict.NEW;
    }
    if (!id.isSequenced()) {
      throw new IllegalArgumentException("input " + id + " is neither a source line nor sequenced");
    }
    if (n <= upTo || (s != null && s.above.contains(n))) {
      return Verdict.DUPLICATE;
    }
    return n - upTo > window ? Verdict.AHEAD : Verdict.NEW;
  }

  /** Records {@code id} as processed; it must have been {@link Verdict#NEW}. */
  public void add(TupleId id) {
    Stream s = stream(id.hi());
    if (s == null) {
      s = new Stream();
      streams.put(id.hi(), s);
    }
    long n = id.lo();
    if (id.isSource()) {
      s.upTo = Math.max(s.upTo, n + 1); // lines start at 0: upTo is one past the highest
      return;
    }
    if (n == s.upTo + 1) {
      s.upTo = n;
      while (!s.above.isEmpty() && s.above.remove(s.upTo + 1)) {
        s.upTo++;
        aboveTotal--;
      }
    } else if (n > s.upTo && s.above.add(n)) {
      aboveTotal++;
    }
  }

  public boolean contains(TupleId id) {
    return check(id) == Verdict.DUPLICATE;
  }

  /** Numbers held in memory: one mark per stream plus those above the marks. */
  public int size() {
    return streams.size() + aboveTotal;
  }

  public int window() {
    return window;
  }

  /** The state, for a snapshot. */
  public Map<Long, Mark> marks() {
    Map<Long, Mark> out = new HashMap<>();
    streams.forEach((k, s) -> out.put(k, new Mark(s.upTo, s.above)));
    return out;
  }

  /** Restores a snapshot's state (on an empty instance). */
  void restore(Map<Long, Mark> marks) {
    marks.forEach(
        (k, m) -> {
          Stream s = streams.computeIfAbsent(k, x -> new Stream());
          s.upTo = m.upTo();
          s.above.addAll(m.above());
          aboveTotal += m.above().size();
        });
  }
}
