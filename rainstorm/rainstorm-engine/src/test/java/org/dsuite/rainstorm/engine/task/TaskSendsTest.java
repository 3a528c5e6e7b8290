package org.dsuite.rainstorm.engine.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.dsuite.rainstorm.engine.core.Ack;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.Output;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.junit.jupiter.api.Test;

class TaskSendsTest {
  /** Records the data-plane calls. */
  private static final class Calls implements Outbound {
    final List<String> sends = new ArrayList<>();
    final List<String> acks = new ArrayList<>();

    @Override
    public void send(TaskKey to, int fromTask, List<DataTuple> tuples) {
      sends.add(to + "<-" + fromTask + ":" + tuples.size());
    }

    @Override
    public void ack(TaskKey to, int fromTask, List<TupleId> ids) {
      List<Long> lines = new ArrayList<>();
      ids.forEach(i -> lines.add(i.lo()));
      acks.add(to + "<-" + fromTask + ":" + lines);
    }
  }

  private static TupleId line(long n) {
    return TupleId.ofSourceLine(n);
  }

  @Test
  void acksWaitForTheFlushAndGoOutAsOneFramePerUpstreamTask() {
    Calls calls = new Calls();
    TaskSends s = new TaskSends(new TaskKey(1, 2), calls);
    s.acks(List.of(new Ack(0, List.of(line(1), line(2))), new Ack(1, line(7))));
    s.acks(List.of(new Ack(0, line(3)), new Ack(-1, line(9)))); // -1: a source line, no upstream
    assertThat(calls.acks).as("nothing before the flush").isEmpty();
    assertThat(s.hasPendingAcks()).isTrue();

    s.flushAcks();

    assertThat(calls.acks)
        .containsExactlyInAnyOrder(
            new TaskKey(0, 0) + "<-2:" + List.of(line(1).lo(), line(2).lo(), line(3).lo()),
            new TaskKey(0, 1) + "<-2:" + List.of(line(7).lo()));
    assertThat(s.hasPendingAcks()).isFalse();
    s.flushAcks();
    assertThat(calls.acks).as("each ack once").hasSize(2);
  }

  @Test
  void outputsAreNeverHeldBack() {
    Calls calls = new Calls();
    TaskSends s = new TaskSends(new TaskKey(0, 1), calls);
    DataTuple t = new DataTuple(line(4), "k", "v");
    s.outputs(List.of(new Output(t, 2)));
    assertThat(calls.sends).containsExactly(new TaskKey(1, 2) + "<-1:1");
  }
}
