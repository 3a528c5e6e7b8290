package org.dsuite.rainstorm.engine.worker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dsuite.common.time.Clock;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.dsuite.rainstorm.api.job.DeliveryMode;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.api.ops.LineBytesFilter;
import org.dsuite.rainstorm.api.ops.OperatorKind;
import org.dsuite.rainstorm.api.ops.Operators;
import org.dsuite.rainstorm.engine.core.Router;
import org.dsuite.rainstorm.engine.core.TaskCoreConfig;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.core.TaskLogic;
import org.dsuite.rainstorm.engine.io.StreamFileSystem;
import org.dsuite.rainstorm.engine.io.UriFileSystems;
import org.dsuite.rainstorm.engine.log.TaskLogConfig;
import org.dsuite.rainstorm.engine.task.ChainedTaskLogic;
import org.dsuite.rainstorm.engine.task.ExecutableTaskLogic;
import org.dsuite.rainstorm.engine.task.OperatorTaskLogic;
import org.dsuite.rainstorm.engine.task.Outbound;
import org.dsuite.rainstorm.engine.task.StagePlan;
import org.dsuite.rainstorm.engine.task.StageRouters;
import org.dsuite.rainstorm.engine.task.TaskRole;
import org.dsuite.rainstorm.engine.task.TaskRunner;

/**
 * Builds the runner of one task of a job from the job's plan: stage 0 reads the source (and runs
 * the leading operators the job chains), the next stages run one operator each, the last stage (one
 * task) writes the destination ({@link StagePlan}); each is recovered from its log directory {@code
 * LOG_ROOT/JOB/STAGE-TASK} (exactly-once) or started empty (at-least-once).
 */
final class TaskFactory {
  private final WorkerConfig config;
  private final TaskCoreConfig coreConfig;
  private final TaskLogConfig logConfig;
  private final Configuration conf;
  private final FileSystem logFs;

  /**
   * The source's CSV schema per job: every task of a job needs it, and reading a HyDFS source's
   * header downloads the whole file, so a worker reads it once per job, not once per task. Only the
   * most recent jobs are kept (a schema is a few hundred bytes).
   */
  private final Map<String, CsvSchema> schemas =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CsvSchema> eldest) {
              return size() > 16;
            }
          });

  TaskFactory(
      WorkerConfig config,
      TaskCoreConfig coreConfig,
      TaskLogConfig logConfig,
      Configuration conf,
      FileSystem logFs) {
    this.conf = conf;
    this.config = config;
    this.coreConfig = coreConfig;
    this.logConfig = logConfig;
    this.logFs = logFs;
  }

  TaskRunner start(String jobId, StagePlan plan, TaskKey k, Outbound out) throws IOException {
    JobSpec job = plan.job();
    StreamFileSystem srcFs =
        UriFileSystems.streams(job.src(), conf, logConfig.leaseRecoveryTimeoutMs());
    CsvSchema schema = schema(jobId, job, srcFs);
    TaskLogic logic = stageLogic(plan, k, schema);
    try {
      return start(jobId, plan, k, out, logic, schema, srcFs);
    } catch (IOException | RuntimeException e) {
      if (logic instanceof AutoCloseable c) {
        closeQuietly(c); // an executable's process must not outlive a task that did not start
      }
      throw e;
    }
  }

  /** What the task's stage runs: nothing, one operator, or a chain of them (a source's). */
  private static TaskLogic stageLogic(StagePlan plan, TaskKey k, CsvSchema schema)
      throws IOException {
    int first = plan.firstOperatorOf(k.stage());
    int last = plan.operatorOf(k.stage());
    if (last == StagePlan.NONE) {
      return TaskLogic.identity();
    }
    if (first == last) {
      return operatorLogic(plan.job(), first, k, schema);
    }
    List<TaskLogic> parts = new ArrayList<>();
    try {
      for (int op = first; op <= last; op++) {
        parts.add(operatorLogic(plan.job(), op, k, schema)); // chained: built-ins only
      }
    } catch (IOException | RuntimeException e) {
      if (!parts.isEmpty()) {
        closeQuietly(new ChainedTaskLogic(parts)); // closes the parts built so far
      }
      throw e;
    }
    return new ChainedTaskLogic(parts);
  }

  /** Stage {@code op}'s logic: a Java operator in this JVM, or an executable's process. */
  private static TaskLogic operatorLogic(JobSpec job, int op, TaskKey k, CsvSchema schema)
      throws IOException {
    String name = job.operators().get(op);
    if (Operators.kindOf(name) == OperatorKind.EXECUTABLE) {
      return new ExecutableTaskLogic(name, job.stageParams(op), job.stageInputSchema(op, schema));
    }
    return new OperatorTaskLogic(
        name,
        job.stageParams(op),
        JobSpec.stageName(op),
        k.task(),
        job.numTasks(),
        job.stageInputSchema(op, schema));
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // the start failure is what gets reported
    }
  }

  private TaskRunner start(
      String jobId,
      StagePlan plan,
      TaskKey k,
      Outbound out,
      TaskLogic logic,
      CsvSchema schema,
      StreamFileSystem srcFs)
      throws IOException {
    JobSpec job = plan.job();
    int s = k.stage();
    int n = job.numTasks();
    // Into the next stage's operator by its rule; the last operator stage sends to the one sink.
    int next = s < plan.sinkStage() ? plan.operatorOf(s + 1) : StagePlan.NONE;
    Router router =
        next != StagePlan.NONE
            ? StageRouters.into(
                job.operators().get(next),
                job.stageParams(next),
                JobSpec.stageName(next),
                n,
                job.stageInputSchema(next, schema))
            : Router.single();
    TaskRole role;
    if (s == 0) {
      // Open-loop pacing: each source task takes an equal share of the job's input rate.
      role =
          new TaskRole.Source(
              srcFs,
              job.src(),
              n,
              job.header(),
              config.sourceBatchLines(),
              job.inputRateRecordsPerS() / (double) n,
              config.pacedBatchWaitMs() * 1_000,
              plan.chained()
                  ? LineBytesFilter.of(
                      job.operators().get(0), job.stageParams(0), job.stageInputSchema(0, schema))
                  : LineBytesFilter.KEEP_ALL,
              config.pacedStartWaitMs() * 1_000);
    } else if (s == plan.sinkStage()) {
      role =
          new TaskRole.Sink(
              UriFileSystems.streams(job.dest(), conf, logConfig.leaseRecoveryTimeoutMs()),
              job.dest(),
              config.sinkFlushIntervalMs());
    } else {
      role = new TaskRole.Operator();
    }
    if (job.mode() == DeliveryMode.AT_LEAST_ONCE) {
      return TaskRunner.startAtLeastOnce(k, logic, router, role, coreConfig, out, Clock.system());
    }
    Path dir = new Path(config.hdfs() + config.logRoot() + "/" + jobId + "/" + k);
    return TaskRunner.start(
        k, logic, router, role, logFs, dir, logConfig, coreConfig, out, Clock.system());
  }

  private CsvSchema schema(String jobId, JobSpec job, StreamFileSystem srcFs) throws IOException {
    if (!job.header()) {
      return CsvSchema.none();
    }
    CsvSchema known = schemas.get(jobId);
    if (known != null) {
      return known;
    }
    CsvSchema schema;
    try {
      schema = CsvSchema.fromHeader(firstLine(srcFs, job.src()));
    } catch (org.dsuite.rainstorm.api.csv.MalformedCsvException e) {
      throw new IOException("source " + job.src() + ": malformed header: " + e.getMessage(), e);
    }
    schemas.put(jobId, schema);
    return schema;
  }

  private static String firstLine(StreamFileSystem fs, String file) throws IOException {
    try (StreamFileSystem.LineReader r = fs.openLines(file)) {
      String line = r.next();
      if (line == null) {
        throw new IOException("source " + file + " is empty: no header line");
      }
      return line;
    }
  }
}
