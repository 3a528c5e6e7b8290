package org.dsuite.cluster.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One of issue 7's targets, checked on one app and size: RainStorm's figure over a Spark API's
 * ({@code against}: Structured Streaming, which the targets name, and DStreams for
 * reference), both medians of the same bench.
 *
 * @param against the Spark engine compared with ({@link RunResult#SPARK_STRUCTURED} or {@link
 *     RunResult#SPARK_DSTREAM})
 * @param ratio RainStorm / Spark; NaN when either side has no correct run
 * @param met whether the ratio satisfies the target ({@code >= goal} for throughput, {@code <=
 *     goal} for latency and wall time)
 */
public record Target(
    String name,
    String against,
    String dataset,
    String app,
    long rows,
    double rainstorm,
    double spark,
    double ratio,
    double goal,
    boolean higherIsBetter,
    boolean met) {

  public static final String THROUGHPUT = "steady throughput >= 3x";
  public static final String P99 = "p99 latency <= 1/20";
  public static final String WALL_1M = "wall time of 1 M rows <= 1/3";

  /**
   * The targets that can be checked from these cells: against Structured Streaming first, then
   * against DStreams.
   */
  public static List<Target> check(List<Cell> cells) {
    List<Target> out = new ArrayList<>();
    for (String against : List.of(RunResult.SPARK_STRUCTURED, RunResult.SPARK_DSTREAM)) {
      for (Cell rs : cells) {
        if (rs.engine().equals(RunResult.RAINSTORM)) {
          counterpart(cells, rs, against).ifPresent(sp -> out.addAll(against(rs, sp)));
        }
      }
    }
    return out;
  }

  private static List<Target> against(Cell rs, Cell sp) {
    List<Target> out = new ArrayList<>();
    if (rs.mode().equals("full-speed")) {
      out.add(of(THROUGHPUT, sp.engine(), rs, rs.steadyRps(), sp.steadyRps(), 3.0, true));
      if (rs.rows() == 1_000_000) {
        out.add(of(WALL_1M, sp.engine(), rs, rs.wallMs(), sp.wallMs(), 1.0 / 3, false));
      }
    }
    if (rs.p99Ms() != null && sp.p99Ms() != null) {
      out.add(
          of(
              P99 + " (" + rs.mode() + ")",
              sp.engine(),
              rs,
              rs.p99Ms(),
              sp.p99Ms(),
              1.0 / 20,
              false));
    }
    return out;
  }

  private static Optional<Cell> counterpart(List<Cell> cells, Cell rs, String against) {
    return cells.stream()
        .filter(c -> c.engine().equals(against))
        .filter(c -> c.dataset().equals(rs.dataset()) && c.app().equals(rs.app()))
        .filter(c -> c.rows() == rs.rows() && c.mode().equals(rs.mode()))
        .findFirst();
  }

  private static Target of(
      String name,
      String against,
      Cell rs,
      double rainstorm,
      double spark,
      double goal,
      boolean higherIsBetter) {
    double ratio = rainstorm / spark;
    boolean valid = !Double.isNaN(ratio) && !Double.isInfinite(ratio);
    boolean met = valid && (higherIsBetter ? ratio >= goal : ratio <= goal);
    return new Target(
        name,
        against,
        rs.dataset(),
        rs.app(),
        rs.rows(),
        rainstorm,
        spark,
        ratio,
        goal,
        higherIsBetter,
        met);
  }
}
