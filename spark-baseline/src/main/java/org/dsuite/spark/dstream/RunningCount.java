package org.dsuite.spark.dstream;

import org.apache.spark.api.java.Optional;
import org.apache.spark.api.java.function.Function3;
import org.apache.spark.streaming.State;
import org.dsuite.spark.job.JobPlan;

/**
 * {@code mapWithState} function: adds a key's count in this batch to its running count (kept in
 * Spark's checkpointed state) and emits the new running count as an output row.
 */
final class RunningCount implements Function3<String, Optional<Long>, State<Long>, String> {
  private static final long serialVersionUID = 1L;

  @Override
  public String call(String key, Optional<Long> inBatch, State<Long> running) {
    long total = (running.exists() ? running.get() : 0L) + inBatch.orElse(0L);
    running.update(total);
    return JobPlan.countRow(key, total);
  }
}
