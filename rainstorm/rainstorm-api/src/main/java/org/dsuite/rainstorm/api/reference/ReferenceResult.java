package org.dsuite.rainstorm.api.reference;

import java.util.List;
import java.util.Map;

/**
 * What a job should output: every output line (a multiset: engines may interleave keys and tasks
 * differently) and, when the last stage is {@code count-by}, the final count per key.
 *
 * @param lines the output lines in the order a single sequential run produces them
 * @param finalCounts the last count per key of a trailing {@code count-by}; empty otherwise
 * @param malformedRows data rows skipped as malformed by some stage
 */
public record ReferenceResult(
    List<String> lines, Map<String, Long> finalCounts, long malformedRows) {
  public ReferenceResult {
    lines = List.copyOf(lines);
    finalCounts = Map.copyOf(finalCounts);
  }
}
