package org.dsuite.rainstorm.engine.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsuite.rainstorm.api.OperatorException;
import org.dsuite.rainstorm.api.Params;
import org.dsuite.rainstorm.api.Tuple;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.dsuite.rainstorm.api.gen.DatasetWriter;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.api.job.Dataset;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.api.reference.Reference;
import org.dsuite.rainstorm.api.reference.ReferenceResult;
import org.dsuite.rainstorm.engine.core.Actions;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.Output;
import org.dsuite.rainstorm.engine.core.Router;
import org.dsuite.rainstorm.engine.core.TaskCore;
import org.dsuite.rainstorm.engine.core.TaskCoreConfig;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.core.TaskLogic;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.junit.jupiter.api.Test;

/**
 * The rainstorm-api operators running inside task cores, 3 tasks per stage, with every batch
 * delivered twice: the output equals the API's independent reference implementation.
 */
class OperatorPipelineTest {
  private static final String SRC = "traffic.csv";

  private static List<String> trafficLines(int rows) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new DatasetWriter(Dataset.TRAFFIC_SIGNS, 42).write(bytes, rows, null, 0);
    return List.of(bytes.toString(StandardCharsets.UTF_8).split("\n"));
  }

  /** A job's stages as cores: source (stage 0), the operators, then the sink's single input. */
  private static List<TaskCore[]> build(JobSpec job, CsvSchema sourceSchema) {
    int n = job.numTasks();
    List<TaskCore[]> stages = new ArrayList<>();
    int ops = job.stageCount();
    for (int s = 0; s <= ops; s++) {
      TaskCore[] tasks = new TaskCore[n];
      Router router =
          s < ops
              ? StageRouters.into(
                  job.operators().get(s),
                  job.stageParams(s),
                  JobSpec.stageName(s),
                  n,
                  job.stageInputSchema(s, sourceSchema))
              : Router.single();
      for (int i = 0; i < n; i++) {
        TaskLogic logic =
            s == 0
                ? TaskLogic.identity()
                : new OperatorTaskLogic(
                    job.operators().get(s - 1),
                    job.stageParams(s - 1),
                    JobSpec.stageName(s - 1),
                    i,
                    n,
                    job.stageInputSchema(s - 1, sourceSchema));
        tasks[i] = new TaskCore(new TaskKey(s, i), logic, router, TaskCoreConfig.defaults());
      }
      stages.add(tasks);
    }
    return stages;
  }

  /** The sink's lines and the inputs all tasks skipped as malformed. */
  private record Result(List<String> sink, long skipped) {}

  /** Pushes every source line through, delivering each batch twice. */
  private static Result run(JobSpec job, List<String> lines) throws Exception {
    CsvSchema schema = CsvSchema.fromHeader(lines.get(0));
    List<TaskCore[]> stages = build(job, schema);
    List<String> sink = new ArrayList<>();
    int n = job.numTasks();
    for (int line = 2; line <= lines.size(); line++) { // line 1 is the header
      String text = lines.get(line - 1);
      DataTuple t = new DataTuple(TupleId.ofSourceLine(line), Tuple.sourceKey(SRC, line), text);
      deliver(stages, 0, line % n, -1, List.of(t), sink);
    }
    long skipped = 0;
    for (TaskCore[] stage : stages) {
      for (TaskCore c : stage) {
        assertThat(c.inFlight()).as("everything acknowledged").isZero();
        skipped += c.inputsFailed();
      }
    }
    return new Result(sink, skipped);
  }

  private static void deliver(
      List<TaskCore[]> stages,
      int stage,
      int task,
      int from,
      List<DataTuple> batch,
      List<String> sink) {
    TaskCore core = stages.get(stage)[task];
    for (int copy = 0; copy < 2; copy++) {
      Actions a = core.onInputs(0, from, batch);
      Actions durable = core.onDurable(0, core.lastLsn());
      assertThat(a.send()).isEmpty();
      Map<Integer, List<DataTuple>> byTask = new HashMap<>();
      List<org.dsuite.rainstorm.engine.core.TupleId> sent = new ArrayList<>();
      for (Output o : durable.send()) {
        byTask.computeIfAbsent(o.toTask(), k -> new ArrayList<>()).add(o.tuple());
        sent.add(o.id());
      }
      if (stage + 1 < stages.size()) {
        byTask.forEach((to, ts) -> deliver(stages, stage + 1, to, task, ts, sink));
      } else {
        durable.send().forEach(o -> sink.add(o.tuple().value()));
      }
      core.onAcked(0, sent);
    }
  }

  private static void assertMatchesReference(BenchmarkApp app, int rows) throws Exception {
    List<String> lines = trafficLines(rows);
    JobSpec job = app.job(SRC, "out", 3);
    ReferenceResult ref = Reference.run(job, lines);
    List<String> got = run(job, lines).sink();
    assertThat(got).containsExactlyInAnyOrderElementsOf(ref.lines());
    if (app.stateful()) {
      assertThat(Reference.finalCounts(got)).isEqualTo(ref.finalCounts());
    }
    assertThat(ref.lines()).as("the data exercises the job").isNotEmpty();
  }

  @Test
  void app1MatchesTheReference() throws Exception {
    assertMatchesReference(BenchmarkApps.TRAFFIC_APP1, 3_000);
  }

  @Test
  void app2MatchesTheReference() throws Exception {
    assertMatchesReference(BenchmarkApps.TRAFFIC_APP2, 3_000);
  }

  @Test
  void malformedRowsAreSkippedNotFatal() throws Exception {
    List<String> lines = new ArrayList<>(trafficLines(200));
    lines.add("\"unterminated,quote");
    lines.add("too,few,fields");
    JobSpec job = BenchmarkApps.TRAFFIC_APP2.job(SRC, "out", 3);
    ReferenceResult ref = Reference.run(job, lines);
    Result got = run(job, lines);
    assertThat(got.sink()).containsExactlyInAnyOrderElementsOf(ref.lines());
    assertThat(ref.malformedRows()).isGreaterThanOrEqualTo(2);
    assertThat(got.skipped()).isEqualTo(ref.malformedRows());
  }

  @Test
  void unknownOperatorIsAClearError() {
    assertThatThrownBy(
            () -> new OperatorTaskLogic("no-such-op", Params.of(), "op1", 0, 1, CsvSchema.none()))
        .isInstanceOf(OperatorException.class);
  }
}
