package org.dsuite.cluster.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code bench compare A.json B.json}: for each measurement present in both reports, the median of
 * each metric in A and B, the difference and the change in percent of A.
 */
public final class ReportCompare {
  private ReportCompare() {}

  /** One metric of one measurement in both reports. */
  public record Diff(String cell, String metric, double a, double b) {
    public double delta() {
      return b - a;
    }

    /** Change relative to A in percent; NaN when A is 0 or unknown. */
    public double percent() {
      return a == 0 || Double.isNaN(a) ? Double.NaN : (b - a) * 100 / a;
    }
  }

  private record Metric(String name, Function<Cell, Double> f) {}

  private static final List<Metric> METRICS =
      List.of(
          new Metric("wall_ms", Cell::wallMs),
          new Metric("steady_rows_per_s", Cell::steadyRps),
          new Metric("startup_ms", Cell::startupMs),
          new Metric("latency_p50_ms", Cell::p50Ms),
          new Metric("latency_p99_ms", Cell::p99Ms),
          new Metric("cpu_s", Cell::cpuSeconds),
          new Metric("peak_rss_mib", c -> c.peakRssBytes() / 1048576.0),
          new Metric("ok_runs", c -> (double) c.okRuns()));

  public static List<Diff> compare(Report a, Report b) {
    List<Cell> cb = Cell.of(b.runs());
    List<Diff> out = new ArrayList<>();
    for (Cell x : Cell.of(a.runs())) {
      Optional<Cell> y = cb.stream().filter(c -> key(c).equals(key(x))).findFirst();
      if (y.isEmpty()) {
        continue;
      }
      for (Metric m : METRICS) {
        Double va = m.f().apply(x);
        Double vb = m.f().apply(y.get());
        if (va != null && vb != null) {
          out.add(new Diff(key(x), m.name(), va, vb));
        }
      }
    }
    return out;
  }

  /** Measurements only one of the two reports has, named for the user. */
  public static List<String> unmatched(Report a, Report b) {
    List<String> ka = Cell.of(a.runs()).stream().map(ReportCompare::key).toList();
    List<String> kb = Cell.of(b.runs()).stream().map(ReportCompare::key).toList();
    List<String> out = new ArrayList<>();
    ka.stream().filter(k -> !kb.contains(k)).forEach(k -> out.add("only in A: " + k));
    kb.stream().filter(k -> !ka.contains(k)).forEach(k -> out.add("only in B: " + k));
    return out;
  }

  public static String render(List<Diff> diffs) {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "%-58s %-18s %14s %14s %14s %9s%n",
            "measurement",
            "metric",
            "A",
            "B",
            "B-A",
            "change"));
    for (Diff d : diffs) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-58s %-18s %14.1f %14.1f %+14.1f %9s%n",
              d.cell(),
              d.metric(),
              d.a(),
              d.b(),
              d.delta(),
              Double.isNaN(d.percent())
                  ? "n/a"
                  : String.format(Locale.ROOT, "%+.1f%%", d.percent())));
    }
    return b.toString();
  }

  private static String key(Cell c) {
    return c.dataset()
        + "/"
        + c.app()
        + "/"
        + Units.rows(c.rows())
        + "/"
        + c.engine()
        + "/"
        + c.mode();
  }
}
