package org.dsuite.cluster.bench.report;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A head-to-head benchmark report: where it ran, with which settings, and every run. Written by
 * {@link ReportWriter} as report.json, report.md and report.html; read back by {@link ReportJson}.
 *
 * @param createdAt ISO-8601 UTC time the report was written
 * @param environment cores, JVM, versions, load average, git commit
 * @param settings the benchmark's settings (sizes, reps, heap, tasks, input rate, ...)
 * @param notes method notes shown in the report (how each figure is measured, caveats)
 */
public record Report(
    String title,
    String createdAt,
    Map<String, String> environment,
    Map<String, String> settings,
    List<String> notes,
    List<RunResult> runs) {
  public Report {
    // Sorted, so the files written from a report are the same for the same report.
    environment = Collections.unmodifiableMap(new TreeMap<>(environment));
    settings = Collections.unmodifiableMap(new TreeMap<>(settings));
    notes = List.copyOf(notes);
    runs = List.copyOf(runs);
  }
}
