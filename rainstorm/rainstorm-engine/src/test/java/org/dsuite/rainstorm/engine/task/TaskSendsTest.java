package org.dsuite.rainstorm.engine.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.Output;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.junit.jupiter.api.Test;

/** One data-plane call per destination task, each with its outputs in production order. */
class TaskSendsTest {
  private final Map<TaskKey, List<List<DataTuple>>> sent = new TreeMap<>();

  private final TaskSends sends =
      new TaskSends(
          new TaskKey(1, 2),
          new Outbound() {
            @Override
            public void send(TaskKey to, int fromTask, List<DataTuple> tuples) {
              assertThat(fromTask).isEqualTo(2);
              sent.computeIfAbsent(to, k -> new ArrayList<>()).add(List.copyOf(tuples));
            }

            @Override
            public void ack(TaskKey to, int fromTask, List<TupleId> ids) {}
          });

  private static Output out(int n, int toTask) {
    return new Output(
        new DataTuple(TupleId.sequenced(TupleId.stream(1, 2, toTask, 0), n), "k", "v" + n), toTask);
  }

  @Test
  void outputsForOneTaskGoInOneCall() {
    List<Output> all = List.of(out(1, 1), out(2, 1), out(3, 1));
    sends.outputs(all);
    assertThat(sent).containsOnlyKeys(new TaskKey(2, 1));
    assertThat(sent.get(new TaskKey(2, 1)))
        .containsExactly(all.stream().map(Output::tuple).toList());
  }

  @Test
  void outputsForSeveralTasksGoInOneCallPerTaskInOrder() {
    sends.outputs(List.of(out(1, 0), out(1, 2), out(2, 0), out(3, 0), out(2, 2)));
    assertThat(sent).containsOnlyKeys(new TaskKey(2, 0), new TaskKey(2, 2));
    assertThat(sent.get(new TaskKey(2, 0)))
        .containsExactly(List.of(out(1, 0).tuple(), out(2, 0).tuple(), out(3, 0).tuple()));
    assertThat(sent.get(new TaskKey(2, 2)))
        .containsExactly(List.of(out(1, 2).tuple(), out(2, 2).tuple()));
    sends.outputs(List.of());
    assertThat(sent.values().stream().mapToInt(List::size).sum()).isEqualTo(2);
  }
}
