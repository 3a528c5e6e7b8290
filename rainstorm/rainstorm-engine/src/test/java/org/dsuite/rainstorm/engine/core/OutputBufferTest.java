package org.dsuite.rainstorm.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.dsuite.rainstorm.engine.core.OutputBuffer.Inflight;
import org.junit.jupiter.api.Test;

/**
 * {@link OutputBuffer} (per-stream arrays plus a last-sent queue) against a reference: the
 * insertion-ordered hash map it replaced, re-implemented here in a few lines. Random tracks, acks
 * (mostly in order, some out of order, some of unknown IDs), resend ticks, reassignments, recovered
 * outputs waiting for content and their refills must produce the same sends, sizes and snapshot
 * contents.
 */
class OutputBufferTest {

  /** The previous implementation's behaviour: one LinkedHashMap in last-sent order. */
  private static final class Model {
    final LinkedHashMap<TupleId, Inflight> unacked = new LinkedHashMap<>();
    final Map<Long, TupleId> awaiting = new HashMap<>();

    void track(Inflight f) {
      unacked.put(f.output.id(), f);
      if (!f.output.hasContent()) {
        awaiting.put(f.sourceLine, f.output.id());
      }
    }

    boolean remove(TupleId id) {
      Inflight f = unacked.remove(id);
      if (f != null && !f.output.hasContent()) {
        awaiting.remove(f.sourceLine);
      }
      return f != null;
    }

    Inflight takeAwaiting(long line) {
      TupleId id = awaiting.remove(line);
      return id == null ? null : unacked.remove(id);
    }

    List<TupleId> resendDue(long now, long timeout) {
      List<Inflight> due = new ArrayList<>();
      for (Iterator<Inflight> it = unacked.values().iterator(); it.hasNext(); ) {
        Inflight f = it.next();
        if (f.lastSentMs != OutputBuffer.NEVER_SENT && now - f.lastSentMs < timeout) {
          break;
        }
        if (!f.output.hasContent()) {
          continue;
        }
        due.add(f);
        it.remove();
      }
      return resend(now, due);
    }

    List<TupleId> resendTo(long now, int toTask) {
      List<Inflight> due = new ArrayList<>();
      for (Iterator<Inflight> it = unacked.values().iterator(); it.hasNext(); ) {
        Inflight f = it.next();
        if (f.output.toTask() == toTask && f.output.hasContent()) {
          due.add(f);
          it.remove();
        }
      }
      return resend(now, due);
    }

    private List<TupleId> resend(long now, List<Inflight> due) {
      List<TupleId> sent = new ArrayList<>();
      for (Inflight f : due) {
        f.lastSentMs = now;
        unacked.put(f.output.id(), f);
        sent.add(f.output.id());
      }
      return sent;
    }
  }

  private static Output output(long stream, long seq, int toTask, long line) {
    TupleId id = TupleId.sequenced(stream, seq);
    return line < 0
        ? new Output(new DataTuple(id, "k" + seq, "v" + seq), toTask)
        : Output.contentless(id, toTask, line);
  }

  private static List<TupleId> sentIds(Actions.Builder b) {
    List<TupleId> ids = new ArrayList<>();
    for (Output o : b.build().send()) {
      ids.add(o.id());
    }
    return ids;
  }

  @Property(tries = 300)
  void behavesLikeTheInsertionOrderedMap(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int steps) {
    Random rnd = new Random(seed);
    int tasks = 1 + rnd.nextInt(3);
    long[] streams = new long[tasks];
    long[] nextSeq = new long[tasks];
    for (int t = 0; t < tasks; t++) {
      streams[t] = TupleId.stream(1, 0, t, 0);
      nextSeq[t] = 1;
    }
    OutputBuffer buf = new OutputBuffer();
    Model model = new Model();
    List<TupleId> issued = new ArrayList<>();
    long now = 0;
    long line = 0;
    // Recovered outputs first, as TaskRecovery tracks them: never sent, some awaiting content.
    for (int i = rnd.nextInt(20); i > 0; i--) {
      int t = rnd.nextInt(tasks);
      long l = rnd.nextBoolean() ? line++ : -1;
      Output o = output(streams[t], nextSeq[t]++, t, l);
      buf.track(new Inflight(o, OutputBuffer.NEVER_SENT, l));
      model.track(new Inflight(o, OutputBuffer.NEVER_SENT, l));
      issued.add(o.id());
    }
    long refillLines = line;
    for (int step = 0; step < steps; step++) {
      now += rnd.nextInt(4);
      int op = rnd.nextInt(10);
      if (op < 4) { // release a few new outputs
        for (int i = 1 + rnd.nextInt(5); i > 0; i--) {
          int t = rnd.nextInt(tasks);
          Output o = output(streams[t], nextSeq[t]++, t, -1);
          buf.track(new Inflight(o, now, -1));
          model.track(new Inflight(o, now, -1));
          issued.add(o.id());
        }
      } else if (op < 7 && !issued.isEmpty()) { // acks: oldest first mostly, sometimes any
        for (int i = 1 + rnd.nextInt(6); i > 0 && !issued.isEmpty(); i--) {
          TupleId id =
              rnd.nextInt(4) == 0
                  ? issued.get(rnd.nextInt(issued.size()))
                  : issued.get(Math.min(issued.size() - 1, rnd.nextInt(3)));
          assertThat(buf.remove(id)).isEqualTo(model.remove(id));
          if (rnd.nextBoolean()) {
            issued.remove(id);
          }
        }
      } else if (op < 8) {
        Actions.Builder b = new Actions.Builder();
        buf.resendDue(now, 5, b);
        assertThat(sentIds(b)).isEqualTo(model.resendDue(now, 5));
      } else if (op < 9) {
        int t = rnd.nextInt(tasks);
        Actions.Builder b = new Actions.Builder();
        buf.resendTo(now, t, b);
        assertThat(sentIds(b)).isEqualTo(model.resendTo(now, t));
      } else if (refillLines > 0) { // the source offers a line again: refill what waits for it
        long l = rnd.nextLong(refillLines);
        Inflight a = buf.takeAwaiting(l);
        Inflight m = model.takeAwaiting(l);
        assertThat(a == null).isEqualTo(m == null);
        if (a != null) {
          assertThat(a.output.id()).isEqualTo(m.output.id());
          for (Inflight f : List.of(a, m)) {
            f.output = output(f.output.id().hi(), f.output.id().lo(), f.output.toTask(), -1);
            f.lastSentMs = now;
          }
          buf.track(a);
          model.track(m);
        }
      }
      assertThat(buf.size()).isEqualTo(model.unacked.size());
      assertThat(buf.awaiting()).isEqualTo(model.awaiting.size());
    }
    List<Output> got = new ArrayList<>();
    buf.loggedInto(got);
    List<TupleId> gotIds = new ArrayList<>();
    got.forEach(o -> gotIds.add(o.id()));
    assertThat(gotIds).containsExactlyInAnyOrderElementsOf(model.unacked.keySet());
  }

  @Test
  void acknowledgingInOrderKeepsMemorySmall() {
    OutputBuffer buf = new OutputBuffer();
    long stream = TupleId.stream(0, 0, 0, 0);
    for (long n = 1; n <= 1_000_000; n++) {
      Output o = output(stream, n, 0, -1);
      buf.track(new Inflight(o, n, -1));
      if (n > 100) {
        assertThat(buf.remove(TupleId.sequenced(stream, n - 100))).isTrue();
      }
    }
    assertThat(buf.size()).isEqualTo(100);
    assertThat(buf.queued()).isBetween(100, 101); // the front is dropped at the next send
  }
}
