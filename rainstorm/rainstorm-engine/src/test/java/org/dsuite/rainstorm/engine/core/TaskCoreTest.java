package org.dsuite.rainstorm.engine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskCoreTest {
  private static final TaskLogic COUNT_BY_KEY =
      (in, st, out) -> {
        String c = st.get(in.key());
        long n = c == null ? 1 : Long.parseLong(c) + 1;
        st.put(in.key(), Long.toString(n));
        out.emit(in.key(), in.key() + "," + n);
      };

  private static DataTuple line(int i, String key) {
    return new DataTuple(TupleId.ofSourceLine(i), key, "v" + i);
  }

  private static TaskCore countTask(int maxUnacked) {
    return new TaskCore(
        new TaskKey(2, 0), COUNT_BY_KEY, Router.byKey(3), new TaskCoreConfig(maxUnacked, 100));
  }

  @Test
  void outputsAndAcksWaitForDurability() {
    TaskCore core = countTask(100);
    Actions a = core.onInputs(0, 1, List.of(line(0, "a"), line(1, "a")));
    assertThat(a.append()).as("one record per batch").singleElement();
    assertThat(((LogRecord.Processed) a.append().get(0)).entries())
        .extracting(LogRecord.Entry::input)
        .containsExactly(TupleId.ofSourceLine(0), TupleId.ofSourceLine(1));
    assertThat(a.send()).isEmpty();
    assertThat(a.acks()).isEmpty();
    core.onInputs(0, 1, List.of(line(2, "a")));

    Actions first = core.onDurable(1, 1);
    assertThat(first.send()).extracting(o -> o.tuple().value()).containsExactly("a,1", "a,2");
    assertThat(first.acks())
        .containsExactly(new Ack(1, List.of(TupleId.ofSourceLine(0), TupleId.ofSourceLine(1))));

    Actions second = core.onDurable(2, 2);
    assertThat(second.send()).extracting(o -> o.tuple().value()).containsExactly("a,3");
  }

  @Test
  void duplicateInsideOneBatchCountsOnceAndIsAckedOnlyWithItsOriginal() {
    TaskCore core = countTask(100);
    TupleId s1 = TupleId.sequenced(TupleId.stream(1, 0, 0, 0), 1);
    TupleId s2 = TupleId.sequenced(TupleId.stream(1, 0, 0, 0), 2);
    DataTuple a1 = new DataTuple(s1, "a", "x");
    DataTuple a2 = new DataTuple(s2, "a", "y");
    Actions a = core.onInputs(0, 0, List.of(a1, a2, a1, a2));
    assertThat(a.acks()).as("nothing acked before the batch is durable").isEmpty();
    assertThat(((LogRecord.Processed) a.append().get(0)).entries()).hasSize(2);
    // A later batch repeats the first one while it is still not durable.
    Actions again = core.onInputs(1, 0, List.of(a1, a2));
    assertThat(again.isEmpty()).isTrue();
    Actions durable = core.onDurable(2, 1);
    assertThat(durable.send()).extracting(o -> o.tuple().value()).containsExactly("a,1", "a,2");
    assertThat(durable.acks()).flatExtracting(Ack::inputs).containsExactly(s1, s2, s1, s2, s1, s2);
    assertThat(core.stateView()).containsEntry("a", "2");
    assertThat(core.duplicatesDropped()).isEqualTo(4);
  }

  @Test
  void duplicateInputIsDroppedAndReackedOnlyWhenDurable() {
    TaskCore core = countTask(100);
    core.onInputs(0, 1, List.of(line(0, "a")));
    Actions dupBeforeDurable = core.onInputs(0, 1, List.of(line(0, "a")));
    assertThat(dupBeforeDurable.isEmpty()).isTrue();

    Actions durable = core.onDurable(1, 1);
    assertThat(durable.acks()).flatExtracting(Ack::inputs).hasSize(2); // original + re-ack
    assertThat(durable.send()).hasSize(1);

    Actions dupAfter = core.onInputs(2, 1, List.of(line(0, "a")));
    assertThat(dupAfter.append()).isEmpty();
    assertThat(dupAfter.acks()).containsExactly(new Ack(1, TupleId.ofSourceLine(0)));
    assertThat(core.stateView()).containsEntry("a", "1");
    assertThat(core.duplicatesDropped()).isEqualTo(2);
  }

  /**
   * At-least-once has no log: an input is acked upstream only once every output it produced is
   * acked downstream, so a crash before that leaves the upstream holding it to resend.
   */
  @Test
  void atLeastOnceAcksInputsOnlyWhenTheirOutputsAreAcked() {
    TaskCore core =
        TaskCore.atLeastOnce(
            new TaskKey(2, 0), 5, COUNT_BY_KEY, Router.byKey(3), new TaskCoreConfig(100, 100));
    TupleId s1 = TupleId.sequenced(TupleId.stream(1, 0, 0, 0), 1);
    TupleId s2 = TupleId.sequenced(TupleId.stream(1, 0, 0, 0), 2);
    TupleId s3 = TupleId.sequenced(TupleId.stream(1, 1, 0, 0), 1);
    core.onInputs(0, 0, List.of(new DataTuple(s1, "a", "x"), new DataTuple(s2, "b", "y")));
    Actions released = core.onDurable(1, core.lastLsn());
    assertThat(released.send()).hasSize(2);
    assertThat(released.acks()).as("held until the outputs are acked").isEmpty();
    // A resend of a held input is dropped and not acked on its own.
    assertThat(core.onInputs(2, 0, List.of(new DataTuple(s1, "a", "x"))).acks()).isEmpty();
    core.onDurable(2, core.lastLsn());
    // An input from another upstream task whose only output is acked at once.
    core.onInputs(3, 1, List.of(new DataTuple(s3, "c", "z")));
    Actions third = core.onDurable(3, core.lastLsn());
    assertThat(third.acks()).isEmpty();

    List<TupleId> outs = released.send().stream().map(o -> o.id()).toList();
    assertThat(core.onAcked(4, List.of(outs.get(0))).acks()).as("one of two outputs").isEmpty();
    Actions done = core.onAcked(5, List.of(outs.get(1)));
    assertThat(done.acks()).containsExactly(new Ack(0, List.of(s1, s2)));
    assertThat(core.onAcked(6, List.of(third.send().get(0).id())).acks())
        .containsExactly(new Ack(1, List.of(s3)));
    // Released: a later resend of s1 is a plain duplicate and is acked again.
    core.onInputs(7, 0, List.of(new DataTuple(s1, "a", "x")));
    assertThat(core.onDurable(7, core.lastLsn()).acks()).flatExtracting(Ack::inputs).contains(s1);
    assertThat(core.stateView()).containsEntry("a", "1").containsEntry("b", "1");
  }

  /**
   * At-least-once: a resend that arrives before its original's record is released (two batches in
   * one loop turn) is not acked on its own; a filtered-out batch's ack would otherwise drop it.
   */
  @Test
  void atLeastOnceResendBeforeReleaseWaitsForTheOriginal() {
    TaskLogic keepA =
        (in, st, out) -> {
          if (in.key().equals("a")) {
            out.emit(in.key(), in.value());
          }
        };
    TaskCore core =
        TaskCore.atLeastOnce(
            new TaskKey(2, 0), 5, keepA, Router.byKey(3), new TaskCoreConfig(100, 100));
    TupleId s1 = TupleId.sequenced(TupleId.stream(1, 0, 0, 0), 1);
    TupleId s2 = TupleId.sequenced(TupleId.stream(1, 0, 0, 0), 2);
    core.onInputs(0, 0, List.of(new DataTuple(s1, "a", "x")));
    // The resend of s1 rides with s2, which produces nothing: its batch would be acked at once.
    core.onInputs(0, 0, List.of(new DataTuple(s1, "a", "x"), new DataTuple(s2, "b", "y")));
    Actions released = core.onDurable(1, core.lastLsn());
    assertThat(released.acks()).flatExtracting(Ack::inputs).containsExactly(s2);
    assertThat(released.send()).singleElement();
    assertThat(core.onAcked(2, List.of(released.send().get(0).id())).acks())
        .flatExtracting(Ack::inputs)
        .containsExactly(s1);
  }

  @Test
  void unackedBufferBoundsInputAndDrainsOnAck() {
    TaskCore core = countTask(2);
    core.onInputs(0, 0, List.of(line(0, "a"), line(1, "b")));
    assertThat(core.canAccept()).isFalse();
    List<Output> sent = core.onDurable(1, 1).send();
    assertThat(core.canAccept()).isFalse();
    Actions acked = core.onAcked(2, List.of(sent.get(0).id()));
    assertThat(acked.append()).singleElement().isInstanceOf(LogRecord.Acked.class);
    assertThat(core.canAccept()).isTrue();
  }

  @Test
  void resendsAfterTimeoutAndOnReassignment() {
    TaskCore core = countTask(100);
    core.onInputs(0, 0, List.of(line(0, "a")));
    Output out = core.onDurable(10, 1).send().get(0);
    assertThat(core.onTick(50).send()).isEmpty();
    assertThat(core.onTick(110).send()).containsExactly(out);
    assertThat(core.onTick(150).send()).isEmpty();
    assertThat(core.onReassigned(151, out.toTask()).send()).containsExactly(out);
    assertThat(core.onReassigned(152, out.toTask() + 1).send()).isEmpty();
    core.onAcked(160, List.of(out.id()));
    assertThat(core.onTick(10_000).send()).isEmpty();
    assertThat(core.outputsResent()).isEqualTo(2);
  }

  @Test
  void replayedInputProducesTheSameOutputIds() {
    TaskCore a = countTask(100);
    TaskCore b = countTask(100);
    a.onInputs(0, 0, List.of(line(7, "k")));
    b.onInputs(0, 0, List.of(line(7, "k")));
    assertThat(a.onDurable(1, 1).send()).isEqualTo(b.onDurable(1, 1).send());
  }

  @Test
  void failingOperatorChangesNothingAndIsCounted() {
    TaskLogic failing =
        (in, st, out) -> {
          st.put("touched", "yes");
          out.emit("x", "y");
          throw new IllegalArgumentException("bad row");
        };
    TaskCore core =
        new TaskCore(new TaskKey(1, 0), failing, Router.single(), TaskCoreConfig.defaults());
    Actions a = core.onInputs(0, 0, List.of(line(0, "a")));
    LogRecord.Entry p = ((LogRecord.Processed) a.append().get(0)).entries().get(0);
    assertThat(p.changes()).isEmpty();
    assertThat(p.outputs()).isEmpty();
    assertThat(core.stateView()).isEmpty();
    assertThat(core.inputsFailed()).isEqualTo(1);
    assertThat(core.lastFailure()).contains("bad row");
    assertThat(core.onDurable(1, 1).acks()).hasSize(1); // acked, so upstream stops resending it
  }

  @Test
  void snapshotPlusTailRebuildsTheExactState() {
    TaskCore live = countTask(1_000);
    List<LogRecord> log = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      log.addAll(live.onInputs(i, 0, List.of(line(i, "k" + (i % 3)))).append());
    }
    List<Output> sent = live.onDurable(10, live.lastLsn()).send();
    log.addAll(live.onAcked(11, List.of(sent.get(0).id(), sent.get(1).id())).append());
    Snapshot snap = live.snapshot();
    List<LogRecord> tail = new ArrayList<>();
    for (int i = 10; i < 15; i++) {
      tail.addAll(live.onInputs(i, 0, List.of(line(i, "k" + (i % 3)))).append());
    }

    TaskCore fromLog =
        TaskRecovery.recover(
            new TaskKey(2, 0),
            COUNT_BY_KEY,
            Router.byKey(3),
            TaskCoreConfig.defaults(),
            Snapshot.empty(),
            concat(log, tail));
    TaskCore fromSnapshot =
        TaskRecovery.recover(
            new TaskKey(2, 0),
            COUNT_BY_KEY,
            Router.byKey(3),
            TaskCoreConfig.defaults(),
            snap,
            concat(log, tail));

    for (TaskCore rebuilt : List.of(fromLog, fromSnapshot)) {
      assertThat(rebuilt.stateView()).isEqualTo(live.stateView());
      assertThat(rebuilt.lastLsn()).isEqualTo(live.lastLsn());
      assertThat(rebuilt.inFlight()).isEqualTo(live.inFlight());
      assertThat(rebuilt.hasProcessed(TupleId.ofSourceLine(14))).isTrue();
      // Everything unacked is resent at once after a restart; the two acked outputs are not.
      List<Output> resent = rebuilt.onTick(0).send();
      assertThat(resent).hasSize(13).doesNotContain(sent.get(0), sent.get(1));
    }
  }

  @Test
  void sourceLogsNoContentAndRefillsItWhenTheLineIsReadAgain() {
    TaskCore src =
        new TaskCore(
            new TaskKey(0, 1), TaskLogic.identity(), Router.byId(3), new TaskCoreConfig(1, 100));
    List<LogRecord> log = new ArrayList<>(src.onInputs(0, -1, List.of(line(4, "f:4"))).append());
    Output sent = src.onDurable(1, 1).send().get(0);
    assertThat(sent.tuple().value()).isEqualTo("v4");
    LogRecord.Entry p = ((LogRecord.Processed) log.get(0)).entries().get(0);
    assertThat(p.outputs()).singleElement().satisfies(o -> assertThat(o.hasContent()).isFalse());

    TaskCore again =
        TaskRecovery.recover(
            new TaskKey(0, 1),
            TaskLogic.identity(),
            Router.byId(3),
            new TaskCoreConfig(1, 100),
            Snapshot.empty(),
            log);
    assertThat(again.onTick(10_000).send()).as("nothing to send without content").isEmpty();
    assertThat(again.canAccept()).as("the source must keep reading to refill it").isTrue();
    Actions reread = again.onInputs(10_001, -1, List.of(line(4, "f:4")));
    assertThat(reread.append()).isEmpty();
    assertThat(reread.send()).containsExactly(sent);
    assertThat(again.snapshot().unacked())
        .singleElement()
        .satisfies(o -> assertThat(o.hasContent()).isFalse());
  }

  @Test
  void gapInTheLogIsRejected() {
    TaskCore live = countTask(100);
    List<LogRecord> log = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      log.addAll(live.onInputs(i, 0, List.of(line(i, "a"))).append());
    }
    log.remove(1);
    assertThatThrownBy(
            () ->
                TaskRecovery.recover(
                    new TaskKey(2, 0),
                    COUNT_BY_KEY,
                    Router.byKey(3),
                    TaskCoreConfig.defaults(),
                    Snapshot.empty(),
                    log))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("log gap");
  }

  @Test
  void configRejectsNonsense() {
    assertThatThrownBy(() -> new TaskCoreConfig(0, 10))
        .hasMessageContaining("rainstorm.task.max-unacked-outputs");
    assertThatThrownBy(() -> new TaskCoreConfig(10, 0))
        .hasMessageContaining("rainstorm.task.resend-timeout-ms");
  }

  private static List<LogRecord> concat(List<LogRecord> a, List<LogRecord> b) {
    List<LogRecord> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
