package org.dsuite.cluster.bench.report;

import java.util.List;
import java.util.Map;

/** report.md: the environment, the targets with their ratios, the per-cell medians, every run. */
public final class MarkdownReport {
  private MarkdownReport() {}

  public static String render(Report r) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(r.title()).append("\n\n");
    md.append("Written ").append(r.createdAt()).append(".\n\n");
    long failed = r.runs().stream().filter(x -> !x.ok()).count();
    if (failed > 0) {
      md.append("**WARNING: ")
          .append(failed)
          .append(" run(s) FAILED or did not complete; see the runs table. Their figures are")
          .append(" excluded from the medians.**\n\n");
    }
    List<Cell> cells = Cell.of(r.runs()).stream().sorted(Cell.tableOrder()).toList();
    md.append("## Targets (RainStorm / Spark, medians)\n\n");
    md.append(
        "Issue 7's targets are against Spark Structured Streaming; the rows against DStreams"
            + " (deprecated API) are for reference.\n\n");
    md.append("| target | vs | dataset | app | rows | RainStorm | Spark | ratio | goal | met |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Target t : Target.check(cells)) {
      boolean rate = t.higherIsBetter();
      md.append(
          row(
              t.name(),
              t.against(),
              t.dataset(),
              t.app(),
              Units.rows(t.rows()),
              rate ? Units.rate(t.rainstorm()) : Units.ms(t.rainstorm()),
              rate ? Units.rate(t.spark()) : Units.ms(t.spark()),
              Units.ratio(t.ratio()),
              (rate ? ">= " : "<= ") + Units.ratio(t.goal()),
              Double.isNaN(t.ratio()) ? "n/a" : t.met() ? "met" : "**not met**"));
    }
    md.append("\n## Medians per measurement\n\n");
    md.append(
        "| dataset | app | rows | mode | engine | ok/runs | wall | start-up | steady | p50 | p99"
            + " | CPU s | peak RSS |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Cell c : cells) {
      md.append(
          row(
              c.dataset(),
              c.app(),
              Units.rows(c.rows()),
              c.mode(),
              c.engine(),
              c.okRuns() + "/" + c.runs(),
              Units.seconds(c.wallMs()),
              c.startupMs() == null ? "n/a" : Units.seconds(c.startupMs()),
              Units.rate(c.steadyRps()),
              Units.ms(c.p50Ms()),
              Units.ms(c.p99Ms()),
              Units.num(c.cpuSeconds()),
              Units.mib(c.peakRssBytes())));
    }
    md.append("\n## Every run\n\n");
    md.append(
        "| # | dataset | app | rows | mode | engine | rep | status | wall | first output | steady"
            + " | how | CPU s | peak RSS | check |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    int i = 0;
    for (RunResult x : r.runs()) {
      md.append(
          row(
              Integer.toString(++i),
              x.dataset(),
              x.app(),
              Units.rows(x.rows()),
              x.mode(),
              x.engine(),
              Integer.toString(x.rep()),
              x.ok() ? x.status() : "**" + x.status() + "**",
              Units.seconds(x.wallMs()),
              x.firstOutputMs() == null ? "n/a" : Units.seconds(x.firstOutputMs()),
              Units.rate(x.steadyRps()),
              x.steadyMethod(),
              Units.num(x.cpuSeconds()),
              Units.mib(x.peakRssBytes()),
              x.check()));
    }
    md.append("\n## Environment\n\n");
    table(md, r.environment());
    md.append("\n## Settings\n\n");
    table(md, r.settings());
    if (!r.notes().isEmpty()) {
      md.append("\n## Method\n\n");
      for (String n : r.notes()) {
        md.append("- ").append(n).append('\n');
      }
    }
    return md.toString();
  }

  private static void table(StringBuilder md, Map<String, String> m) {
    md.append("| key | value |\n|---|---|\n");
    m.forEach((k, v) -> md.append(row(k, v)));
  }

  private static String row(String... cells) {
    StringBuilder b = new StringBuilder("|");
    for (String c : cells) {
      b.append(' ').append(c == null ? "" : c.replace("|", "\\|").replace("\n", " ")).append(" |");
    }
    return b.append('\n').toString();
  }
}
