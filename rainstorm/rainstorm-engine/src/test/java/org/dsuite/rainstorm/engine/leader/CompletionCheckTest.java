package org.dsuite.rainstorm.engine.leader;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.junit.jupiter.api.Test;

class CompletionCheckTest {
  private static final TaskKey A = new TaskKey(0, 0);
  private static final TaskKey B = new TaskKey(1, 0);
  private final Assignment assignment = new Assignment(3, Map.of(A, "w1", B, "w2"));
  private final Map<TaskKey, Integer> versions = new HashMap<>();

  private Map<TaskKey, JobStore.Report> reports(
      boolean aQuiet, long aIn, boolean bQuiet, long bIn, long epoch) {
    Map<TaskKey, JobStore.Report> m = new HashMap<>();
    m.put(A, report(A, "w1", epoch, aQuiet, aIn));
    m.put(B, report(B, "w2", epoch, bQuiet, bIn));
    return m;
  }

  private JobStore.Report report(TaskKey t, String w, long epoch, boolean quiet, long in) {
    int v = versions.merge(t, 1, Integer::sum);
    return new JobStore.Report(new TaskProgress(w, epoch, quiet, in, ""), v);
  }

  @Test
  void doneOnlyAfterTwoFreshQuietObservationsWithStableCounts() {
    CompletionCheck c = new CompletionCheck();
    Set<TaskKey> tasks = Set.of(A, B);
    assertThat(c.observe(tasks, assignment, reports(true, 10, false, 5, 3)))
        .isInstanceOf(CompletionCheck.Running.class);
    assertThat(c.observe(tasks, assignment, reports(true, 10, true, 9, 3)))
        .isInstanceOf(CompletionCheck.Running.class);
    // counts moved since the first quiet observation: not yet
    assertThat(c.observe(tasks, assignment, reports(true, 10, true, 10, 3)))
        .isInstanceOf(CompletionCheck.Running.class);
    assertThat(c.observe(tasks, assignment, reports(true, 10, true, 10, 3)))
        .isInstanceOf(CompletionCheck.Done.class);
  }

  @Test
  void staleReportsWrongEpochOrWorkerAndFailuresAreNotDone() {
    CompletionCheck c = new CompletionCheck();
    Set<TaskKey> tasks = Set.of(A, B);
    Map<TaskKey, JobStore.Report> same = reports(true, 1, true, 1, 3);
    assertThat(c.observe(tasks, assignment, same)).isInstanceOf(CompletionCheck.Running.class);
    assertThat(c.observe(tasks, assignment, same))
        .as("no fresh report")
        .isInstanceOf(CompletionCheck.Running.class);
    CompletionCheck e = new CompletionCheck();
    e.observe(tasks, assignment, reports(true, 1, true, 1, 2));
    assertThat(e.observe(tasks, assignment, reports(true, 1, true, 1, 2)))
        .as("old epoch")
        .isInstanceOf(CompletionCheck.Running.class);
    CompletionCheck w = new CompletionCheck();
    Map<TaskKey, JobStore.Report> moved = reports(true, 1, true, 1, 3);
    moved.put(B, report(B, "w9", 3, true, 1));
    w.observe(tasks, assignment, moved);
    assertThat(w.observe(tasks, assignment, moved)).isInstanceOf(CompletionCheck.Running.class);
    Map<TaskKey, JobStore.Report> failed = reports(true, 1, true, 1, 3);
    failed.put(B, new JobStore.Report(new TaskProgress("w2", 3, false, 1, "disk full"), 99));
    assertThat(new CompletionCheck().observe(tasks, assignment, failed))
        .isInstanceOfSatisfying(
            CompletionCheck.Failed.class, f -> assertThat(f.why()).contains("1-0", "disk full"));
  }

  @Test
  void progressAndJobRecordsRoundTrip() {
    TaskProgress p = new TaskProgress("w-1", 4, true, 123, "boom\nline");
    assertThat(TaskProgress.decode(p.encode()))
        .isEqualTo(new TaskProgress("w-1", 4, true, 123, "boom line"));
    TaskProgress resumed = new TaskProgress("w-1", 4, false, 7, "", 1_795_000_000_123L);
    assertThat(TaskProgress.decode(resumed.encode())).isEqualTo(resumed);
    // A report written before resumedAtMs existed still reads, as "not resumed yet".
    byte[] old = "worker=w-1\nepoch=4\nquiet=false\ninputs=7\nfailure=\n".getBytes(UTF_8);
    assertThat(TaskProgress.decode(old).resumedAtMs()).isEqualTo(-1);
    JobRecord j = new JobRecord("j", 3, 3, 1, List.of("a", "b"));
    assertThat(JobRecord.decode("j", j.encode())).isEqualTo(j);
    assertThat(j.tasks()).hasSize(10).contains(new TaskKey(3, 0)).doesNotContain(new TaskKey(3, 1));
  }
}
