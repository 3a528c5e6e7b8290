package org.dsuite.cluster.bench.report;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts as PNG bytes (XChart), keyed by file name. A chart with nothing to show (no
 * latency measured, no failure run) is left out rather than drawn empty.
 */
public final class Charts {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 420;

  private Charts() {}

  public static Map<String, byte[]> render(Report r) throws IOException {
    // Charts are drawn off-screen; a machine without a display must not need one.
    System.setProperty("java.awt.headless", "true");
    List<Cell> cells = Cell.of(r.runs()).stream().sorted(Cell.tableOrder()).toList();
    Map<String, byte[]> out = new LinkedHashMap<>();
    List<Cell> full = cells.stream().filter(c -> c.mode().equals("full-speed")).toList();
    if (!full.isEmpty()) {
      out.put(
          "bench-throughput.png",
          png(bars("Steady-state throughput (median)", "rows/s", full, Cell::steadyRps)));
      out.put(
          "bench-wall.png",
          png(
              bars(
                  "Wall time, submission to last output (median)",
                  "s",
                  full,
                  c -> c.wallMs() / 1000)));
    }
    // One CDF chart per kind of run (open-loop rate, full speed, failure): their latencies differ
    // by orders of magnitude and mean different things.
    for (String mode : List.of("rate", "full-speed", "failure")) {
      XYChart cdf = latencyCdf(r.runs(), mode);
      if (cdf != null) {
        out.put("bench-latency-cdf-" + mode + ".png", png(cdf));
      }
    }
    XYChart timeline = recoveryTimeline(r.runs());
    if (timeline != null) {
      out.put("bench-recovery.png", png(timeline));
    }
    return out;
  }

  private static CategoryChart bars(
      String title, String yTitle, List<Cell> cells, ToDoubleFunction<Cell> f) {
    CategoryChart c =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle("dataset / app / rows")
            .yAxisTitle(yTitle)
            .build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    c.getStyler().setXAxisLabelRotation(20);
    List<String> categories = new ArrayList<>();
    for (Cell cell : cells) {
      String cat = category(cell);
      if (!categories.contains(cat)) {
        categories.add(cat);
      }
    }
    for (String engine :
        List.of(RunResult.RAINSTORM, RunResult.SPARK_STRUCTURED, RunResult.SPARK_DSTREAM)) {
      List<Double> ys = new ArrayList<>();
      boolean any = false;
      for (String cat : categories) {
        double y =
            cells.stream()
                .filter(x -> x.engine().equals(engine) && category(x).equals(cat))
                .mapToDouble(f)
                .findFirst()
                .orElse(Double.NaN);
        any |= !Double.isNaN(y);
        ys.add(Double.isNaN(y) ? 0.0 : y);
      }
      if (any) {
        c.addSeries(engine, categories, ys);
      }
    }
    return c;
  }

  private static String category(Cell c) {
    return c.dataset() + "/" + c.app().replaceFirst("^.*-", "") + "/" + Units.rows(c.rows());
  }

  private static XYChart latencyCdf(List<RunResult> runs, String mode) {
    XYChart c =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("End-to-end latency CDF, " + mode + " runs (one run per engine, app and size)")
            .xAxisTitle("latency ms (log)")
            .yAxisTitle("fraction <= x")
            .build();
    c.getStyler().setXAxisLogarithmic(true);
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    Map<String, RunResult> shown = new LinkedHashMap<>();
    for (RunResult r : runs) {
      if (r.ok() && r.mode().equals(mode) && r.latency() != null && r.latency().cdf().size() > 1) {
        shown.putIfAbsent(r.engine() + " " + r.app() + " " + Units.rows(r.rows()), r);
      }
    }
    if (shown.isEmpty()) {
      return null;
    }
    shown.forEach(
        (name, r) -> {
          List<Double> xs = new ArrayList<>();
          List<Double> ys = new ArrayList<>();
          for (double[] p : r.latency().cdf()) {
            xs.add(Math.max(0.1, p[0]));
            ys.add(p[1]);
          }
          c.addSeries(name, xs, ys).setMarker(SeriesMarkers.NONE);
        });
    return c;
  }

  private static XYChart recoveryTimeline(List<RunResult> runs) {
    List<RunResult> failures =
        runs.stream().filter(r -> r.mode().equals("failure") && !r.events().isEmpty()).toList();
    if (failures.isEmpty()) {
      return null;
    }
    XYChart c =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("Failure runs: submission, kills, restart, completion")
            .xAxisTitle("seconds since submission")
            .yAxisTitle("run")
            .build();
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    int y = 0;
    for (RunResult r : failures) {
      y++;
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      xs.add(0.0);
      ys.add((double) y);
      for (RunResult.Event e : r.events()) {
        xs.add(e.atMs() / 1000.0);
        ys.add((double) y);
      }
      String labels =
          String.join(
              ", ",
              r.events().stream().map(e -> e.label() + "@" + Units.seconds(e.atMs())).toList());
      String name = y + ": " + r.engine() + " " + r.app() + " (" + r.status() + ") " + labels;
      c.addSeries(name, xs, ys).setMarker(SeriesMarkers.DIAMOND);
    }
    return c;
  }

  private static byte[] png(Chart<?, ?> chart) throws IOException {
    return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
  }
}
