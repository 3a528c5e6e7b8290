package org.dsuite.rainstorm.engine.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where a restarted source may resume ({@link TaskCore#sourceResumeLine()}): after its processed
 * lines, but never above a line whose logged output waits for its content, which only re-reading
 * that line refills.
 */
class SourceResumeTest {
  private static final TaskKey KEY = new TaskKey(0, 1);
  private static final TaskCoreConfig CONFIG = new TaskCoreConfig(100, 100);

  /** Every other line's output; the odd lines are dropped, as a chained filter would. */
  private static final TaskLogic EVEN_LINES =
      (in, st, out) -> {
        if (in.id().lo() % 2 == 0) {
          out.emit(in.key(), in.value());
        }
      };

  private static DataTuple line(int i) {
    return new DataTuple(TupleId.ofSourceLine(i), "f:" + i, "v" + i);
  }

  private static TaskCore recover(List<LogRecord> log) {
    return TaskRecovery.recover(KEY, EVEN_LINES, Router.byId(3), CONFIG, Snapshot.empty(), log);
  }

  @Test
  void aFreshSourceStartsAtTheTop() {
    TaskCore fresh = recover(List.of());
    assertThat(fresh.sourceLinesDoneBelow()).isZero();
    assertThat(fresh.sourceResumeLine()).isZero();
  }

  @Test
  void resumesBelowTheLowestLineWhoseOutputIsUnacknowledged() {
    TaskCore src = new TaskCore(KEY, EVEN_LINES, Router.byId(3), CONFIG);
    List<LogRecord> log = new ArrayList<>();
    List<DataTuple> lines = new ArrayList<>();
    for (int i = 10; i < 20; i++) {
      lines.add(line(i));
    }
    log.addAll(src.onInputs(0, -1, lines).append());
    List<Output> sent = src.onDurable(1, 1).send();
    assertThat(sent).hasSize(5); // lines 10, 12, 14, 16, 18

    // Outputs of lines 10 and 12 acknowledged (and that logged); 14, 16, 18 not.
    List<TupleId> acked = List.of(sent.get(0).tuple().id(), sent.get(1).tuple().id());
    log.addAll(src.onAcked(2, acked).append());
    TaskCore again = recover(log);
    assertThat(again.sourceLinesDoneBelow()).isEqualTo(20);
    assertThat(again.sourceResumeLine()).isEqualTo(14);

    // Once everything is acknowledged, nothing below the processed lines needs reading.
    List<TupleId> rest = sent.subList(2, 5).stream().map(o -> o.tuple().id()).toList();
    log.addAll(src.onAcked(3, rest).append());
    assertThat(recover(log).sourceResumeLine()).isEqualTo(20);
  }
}
