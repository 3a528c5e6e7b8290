package org.dsuite.rainstorm.api.job;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.dsuite.rainstorm.api.Params;

/**
 * One benchmark application: a dataset and a two-stage job over it, with default parameters that
 * {@link #withParams} can override (e.g. another pattern).
 *
 * @param id short name used by launchers and reports ({@code traffic-app1})
 * @param params the stages' parameters with their {@code opN.} prefixes
 * @param stateful whether the last stage is a running count (compare final counts, not lines)
 */
public record BenchmarkApp(
    String id,
    String title,
    Dataset dataset,
    List<String> operators,
    Params params,
    boolean stateful) {
  public BenchmarkApp {
    Objects.requireNonNull(id);
    operators = List.copyOf(operators);
    // Checks the operator names and parameters now, not when a benchmark is half done.
    JobSpec.of(operators, "src", "dest", 1, params);
  }

  /** This app with some parameters replaced, e.g. {@code Map.of("op1.pattern", "Stop")}. */
  public BenchmarkApp withParams(Map<String, String> overrides) {
    Map<String, String> m = new TreeMap<>(params.asMap());
    m.putAll(overrides);
    return new BenchmarkApp(id, title, dataset, operators, Params.of(m), stateful);
  }

  /** The job that runs this app from {@code src} to {@code dest} (exactly-once, full speed). */
  public JobSpec job(String src, String dest, int numTasks) {
    return JobSpec.of(operators, src, dest, numTasks, params);
  }
}
