package org.dsuite.cluster.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The repetitions of one measurement (same dataset, app, rows, engine, mode), summarised by medians
 * over the runs whose output was correct. Medians, because on a shared machine one run can be
 * slowed by a neighbour's build; the report keeps every raw run as well.
 */
public record Cell(
    String dataset,
    String app,
    long rows,
    String engine,
    String mode,
    int runs,
    int okRuns,
    double wallMs,
    double steadyRps,
    Double startupMs,
    Double p50Ms,
    Double p99Ms,
    double cpuSeconds,
    long peakRssBytes) {

  /** Groups runs into cells, in the order their first run appears. */
  public static List<Cell> of(List<RunResult> runs) {
    Map<String, List<RunResult>> byKey = new LinkedHashMap<>();
    for (RunResult r : runs) {
      byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
    }
    List<Cell> cells = new ArrayList<>();
    for (List<RunResult> rs : byKey.values()) {
      cells.add(summarise(rs));
    }
    return cells;
  }

  private static Cell summarise(List<RunResult> rs) {
    RunResult first = rs.get(0);
    List<RunResult> ok = rs.stream().filter(RunResult::ok).toList();
    List<RunResult> withStartup = ok.stream().filter(r -> r.startupMs() != null).toList();
    List<RunResult> withLatency =
        ok.stream().filter(r -> r.latency() != null && r.latency().count() > 0).toList();
    return new Cell(
        first.dataset(),
        first.app(),
        first.rows(),
        first.engine(),
        first.mode(),
        rs.size(),
        ok.size(),
        median(ok, RunResult::wallMs),
        median(ok, RunResult::steadyRps),
        withStartup.isEmpty() ? null : median(withStartup, r -> r.startupMs()),
        withLatency.isEmpty() ? null : median(withLatency, r -> r.latency().p50Ms()),
        withLatency.isEmpty() ? null : median(withLatency, r -> r.latency().p99Ms()),
        median(ok, RunResult::cpuSeconds),
        ok.stream().mapToLong(RunResult::peakRssBytes).max().orElse(0));
  }

  /** Median of {@code f} over {@code rs}; NaN when empty. Mean of the middle two when even. */
  static double median(List<RunResult> rs, ToDoubleFunction<RunResult> f) {
    if (rs.isEmpty()) {
      return Double.NaN;
    }
    double[] v = rs.stream().mapToDouble(f).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** Cells sorted for tables: dataset, app, rows, mode, then engine. */
  public static Comparator<Cell> tableOrder() {
    return Comparator.comparing(Cell::dataset)
        .thenComparing(Cell::app)
        .thenComparingLong(Cell::rows)
        .thenComparing(Cell::mode)
        .thenComparing(Cell::engine);
  }
}
