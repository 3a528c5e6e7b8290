package org.dsuite.rainstorm.engine.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.curator.framework.CuratorFramework;
import org.dsuite.common.net.HostPort;
import org.dsuite.rainstorm.api.OperatorException;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.api.ops.OperatorKind;
import org.dsuite.rainstorm.api.ops.Operators;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.io.StreamFileSystem;
import org.dsuite.rainstorm.engine.io.UriFileSystems;
import org.dsuite.rainstorm.engine.leader.Assignment;
import org.dsuite.rainstorm.engine.leader.JobRecord;
import org.dsuite.rainstorm.engine.leader.JobStore;
import org.dsuite.rainstorm.engine.leader.ZkLayout;
import org.dsuite.rainstorm.engine.task.ExecutableTaskLogic;
import org.dsuite.rainstorm.engine.task.StagePlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code submit OP1 OP2 SRC DEST NUM_TASKS [--param opN.k=v ...] [--exactly-once|--at-least-once]}:
 * checks the job (operators, parameters, source present, destination absent), writes it to
 * ZooKeeper, shows a progress line on stderr until the job ends, then prints the destination's
 * lines on stdout.
 */
@Command(
    name = "submit",
    description = "Submits a job and follows it: " + JobSpec.USAGE,
    sortOptions = false)
final class SubmitCommand implements Callable<Integer> {
  @Mixin RainstormMain.ZkOptions zk = new RainstormMain.ZkOptions();

  @Option(names = "--detach", description = "return once the job is submitted; print its ID")
  boolean detach;

  @Option(names = "--quiet-progress", description = "no progress line on stderr")
  boolean quietProgress;

  @Option(
      names = "--progress-ms",
      description = "progress refresh interval (default ${DEFAULT-VALUE})")
  long progressMs = 500;

  @Option(
      names = "--hydfs",
      paramLabel = "HOST:PORT",
      description =
          "HyDFS node for SRC/DEST names without a scheme (default: env"
              + " DSUITE_RAINSTORM_HYDFS, else the local cluster's first node, else 127.0.0.1:7101)")
  String hydfs = LocalDefaults.hydfs();

  @Option(
      names = "--hydfs-timeout-ms",
      description = "give up on a HyDFS call after this (default ${DEFAULT-VALUE})")
  long hydfsTimeoutMs = 5_000;

  @Option(names = "--no-output", description = "do not stream the destination's lines to stdout")
  boolean noOutput;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description = "when the job ends, write a JSON summary here (schema: docs/rainstorm.md)")
  Path report;

  @Parameters(paramLabel = "JOB_ARGS", arity = "1..*", description = JobSpec.USAGE)
  List<String> jobArgs = new ArrayList<>();

  /** File-system calls wait at most this long for HDFS lease recovery (submit does none). */
  private static final long LEASE_TIMEOUT_MS = 30_000;

  @Override
  public Integer call() throws Exception {
    JobSpec spec;
    try {
      spec = check(jobArgs, hydfsNode(), hydfsTimeoutMs);
      checkReportPath();
    } catch (IllegalArgumentException | OperatorException e) {
      System.err.println("rainstorm: " + e.getMessage());
      return 2;
    }
    String id = newJobId();
    try (CuratorFramework c = zk.connect()) {
      JobStore store = zk.store(c);
      StagePlan plan = StagePlan.of(spec);
      store.create(new JobRecord(id, plan.sinkStage(), spec.numTasks(), 1, spec.toArgs()));
      System.err.println("rainstorm: submitted " + id);
      if (detach) {
        System.out.println(id);
        return 0;
      }
      return new JobFollower(c, store, new ZkLayout(zk.zkRoot), id, spec, this).follow();
    }
  }

  private void checkReportPath() {
    if (report == null) {
      return;
    }
    if (detach) {
      throw new IllegalArgumentException(
          "--report needs the submitter to follow the job: drop" + " --detach");
    }
    Path parent = report.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new IllegalArgumentException("--report " + report + ": no directory " + parent);
    }
    if (Files.isDirectory(report)) {
      throw new IllegalArgumentException("--report " + report + " is a directory");
    }
  }

  private HostPort hydfsNode() {
    try {
      return HostPort.parse(hydfs);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--hydfs: " + e.getMessage(), e);
    }
  }

  /**
   * Parses and checks everything that can be checked before the job is written; SRC and DEST
   * without a scheme become HyDFS names on {@code hydfsNode}.
   */
  static JobSpec check(List<String> args, HostPort hydfsNode, long hydfsTimeoutMs)
      throws IOException {
    if (hydfsTimeoutMs < 100) {
      throw new IllegalArgumentException("--hydfs-timeout-ms must be >= 100");
    }
    JobSpec parsed = JobSpec.fromArgs(args);
    JobSpec spec =
        new JobSpec(
            parsed.operators(),
            UriFileSystems.resolve(parsed.src(), hydfsNode),
            UriFileSystems.resolve(parsed.dest(), hydfsNode),
            parsed.numTasks(),
            parsed.params(),
            parsed.mode(),
            parsed.inputRateRecordsPerS(),
            parsed.header(),
            parsed.chain());
    for (int i = 0; i < spec.operators().size(); i++) {
      String op = spec.operators().get(i);
      if (Operators.kindOf(op) == OperatorKind.EXECUTABLE) {
        // Run by the workers; on one host (or a shared path) the submitter can check it first.
        java.nio.file.Path p = java.nio.file.Path.of(op);
        if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
          throw new IllegalArgumentException(
              "operator '"
                  + op
                  + "' is not an executable file (executable operators need a path"
                  + " that exists on the submitting host and on every worker)");
        }
        ExecutableTaskLogic.timeoutMs(spec.stageParams(i));
      }
    }
    StreamFileSystem src = UriFileSystems.streams(spec.src(), LEASE_TIMEOUT_MS, hydfsTimeoutMs);
    if (!src.exists(spec.src())) {
      throw new IllegalArgumentException("source " + spec.src() + " does not exist");
    }
    StreamFileSystem dest = UriFileSystems.streams(spec.dest(), LEASE_TIMEOUT_MS, hydfsTimeoutMs);
    if (dest.exists(spec.dest())) {
      throw new IllegalArgumentException(
          "destination " + spec.dest() + " exists; a job never overwrites output");
    }
    return spec;
  }

  private static String newJobId() {
    return "job-"
        + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
        + "-"
        + Integer.toHexString(0x1000 + ThreadLocalRandom.current().nextInt(0xF000));
  }

  /** The live progress line: records in and out per second, and tasks per worker. */
  static final class ProgressLine {
    private final String id;
    private final int sinkStage;
    private long lastNanos;
    private long lastIn;
    private long lastOut;

    ProgressLine(String id, int sinkStage) {
      this.id = id;
      this.sinkStage = sinkStage;
    }

    String render(long nowNanos, Map<TaskKey, JobStore.Report> progress, Assignment a) {
      long in = 0;
      long out = 0;
      for (Map.Entry<TaskKey, JobStore.Report> e : progress.entrySet()) {
        if (e.getKey().stage() == 0) {
          in += e.getValue().progress().inputs();
        } else if (e.getKey().stage() == sinkStage) {
          out += e.getValue().progress().inputs();
        }
      }
      double secs = lastNanos == 0 ? 0 : (nowNanos - lastNanos) / 1e9;
      long inRate = secs > 0 ? Math.max(0, Math.round((in - lastIn) / secs)) : 0;
      long outRate = secs > 0 ? Math.max(0, Math.round((out - lastOut) / secs)) : 0;
      lastNanos = nowNanos;
      lastIn = in;
      lastOut = out;
      Map<String, List<String>> byWorker = new TreeMap<>();
      a.workers()
          .forEach((t, w) -> byWorker.computeIfAbsent(w, x -> new ArrayList<>()).add(t.toString()));
      StringBuilder sb = new StringBuilder();
      sb.append(id)
          .append(" in ")
          .append(in)
          .append(" (")
          .append(inRate)
          .append("/s) out ")
          .append(out)
          .append(" (")
          .append(outRate)
          .append("/s) epoch ")
          .append(a.epoch())
          .append(" |");
      byWorker.forEach(
          (w, ts) -> sb.append(' ').append(w).append(':').append(String.join(",", ts)));
      return sb.toString();
    }
  }
}
