package org.dsuite.cluster.bench;

import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.job.BenchmarkApps;

/**
 * One planned run.
 *
 * @param mode {@code full-speed}, {@code rate}, {@code failure} or {@code warm-up}
 * @param inputRateRps the open-loop rate of a {@code rate} run (0 otherwise)
 * @param killAfterMs a {@code failure} run's kill, this long after the job began processing; -1 =
 *     {@code bench.failure-at-ms}
 */
record RunSpec(
    String dataset,
    String app,
    long rows,
    String engine,
    String mode,
    int rep,
    double inputRateRps,
    long killAfterMs) {
  static final String FULL_SPEED = "full-speed";
  static final String RATE = "rate";
  static final String FAILURE = "failure";

  /** RainStorm's untimed warm-up job: not measured, not in the report. */
  static final String WARMUP = "warm-up";

  BenchmarkApp benchmarkApp() {
    return BenchmarkApps.byId(dataset + "-" + app);
  }

  RunSpec withRate(double rps) {
    return new RunSpec(dataset, app, rows, engine, mode, rep, rps, killAfterMs);
  }

  RunSpec withKillAfter(long ms) {
    return new RunSpec(dataset, app, rows, engine, mode, rep, inputRateRps, ms);
  }

  /** When a failure run kills, after processing began. */
  long killAfterMs(BenchConfig c) {
    return killAfterMs >= 0 ? killAfterMs : c.failureAtMs();
  }

  /** A file-system-safe name, unique within one bench. */
  String name() {
    return dataset
        + "-"
        + app
        + "-"
        + BenchData.label(rows)
        + "-"
        + engine
        + "-"
        + mode
        + "-r"
        + rep;
  }

  @Override
  public String toString() {
    String rate = mode.equals(RATE) ? String.format(" at %.0f rows/s", inputRateRps) : "";
    return dataset
        + "-"
        + app
        + " "
        + BenchData.label(rows)
        + " "
        + engine
        + " "
        + mode
        + rate
        + " (rep "
        + rep
        + ")";
  }
}
