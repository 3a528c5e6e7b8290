package org.dsuite.cluster.bench;

import java.util.List;
import java.util.Locale;
import org.dsuite.cluster.bench.report.RunResult;

/**
 * How long a planned bench will take, printed before it starts so a 10 M-row sweep is not begun by
 * accident, and refined while it runs. The model is the session-2 bench on this 2-core machine at a
 * load average of 15-30 (docs/benchmarks-head-to-head.md): a fixed cost per run (JVM and, for
 * Spark, session start-up) plus rows at a throughput; on a quiet machine runs are faster. While the
 * bench runs, the remaining runs' estimate is scaled by how the finished runs compared with theirs.
 */
final class Estimate {
  /** Seconds of fixed cost per run: start-up, scheduling, output check. */
  private static final double RAINSTORM_FIXED_S = 12;

  private static final double SPARK_FIXED_S = 45;

  /** Rows per second of wall time at full speed (1 M-row runs at load 15-30). */
  private static final double RAINSTORM_RPS = 25_000;

  private static final double SPARK_RPS = 15_000;

  /** A resubmitted Spark job pays its start-up again; RainStorm detects and replays. */
  private static final double FAILURE_EXTRA_S = 40;

  /** Generating and loading input: rows per second (generation ~1 M/s, two HDFS copies). */
  private static final double PREPARE_RPS = 150_000;

  private Estimate() {}

  /** Estimated seconds of one run. */
  static double seconds(RunSpec s, BenchConfig c) {
    boolean rs = s.engine().equals(RunResult.RAINSTORM);
    double fixed = rs ? RAINSTORM_FIXED_S : SPARK_FIXED_S;
    return switch (s.mode()) {
      case RunSpec.RATE -> fixed + c.latencyRunMs() / 1000.0 + (rs ? 5 : 15);
      case RunSpec.WARMUP -> fixed + c.warmupRows() / RAINSTORM_RPS;
      case RunSpec.FAILURE -> fixed + s.rows() / (rs ? RAINSTORM_RPS : SPARK_RPS) + FAILURE_EXTRA_S;
      default -> fixed + s.rows() / (rs ? RAINSTORM_RPS : SPARK_RPS);
    };
  }

  /** Estimated seconds of generating and loading every input (0 for inputs already there). */
  static double prepareSeconds(BenchConfig c) {
    double rows = c.sizes().stream().mapToLong(Long::longValue).sum() * c.datasets().size();
    return rows / PREPARE_RPS;
  }

  /** Estimated seconds of the whole bench: inputs, cluster start-up and every run. */
  static double total(BenchConfig c, List<RunSpec> plan) {
    return 60
        + prepareSeconds(c)
        + warmupSeconds(c)
        + plan.stream().mapToDouble(s -> seconds(s, c)).sum();
  }

  /** Estimated seconds of RainStorm's warm-up jobs, one per dataset and app. */
  static double warmupSeconds(BenchConfig c) {
    return BenchPlan.warmUp(c).stream().mapToDouble(s -> seconds(s, c)).sum();
  }

  static String hms(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }
}
