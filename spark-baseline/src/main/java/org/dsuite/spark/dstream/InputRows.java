package org.dsuite.spark.dstream;

import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * Counts input lines of DStream runs (the file stream reports 0 records per batch). A lazily
 * registered singleton per SparkContext, the pattern the Spark guide prescribes for accumulators in
 * checkpointed DStream programs: a closure restored from a checkpoint must not capture an
 * accumulator of the SparkContext that wrote it. Task retries may count a line twice, so the figure
 * is for throughput reporting only, never for correctness.
 */
final class InputRows {
  private static LongAccumulator accumulator;
  private static SparkContext owner;

  private InputRows() {}

  static synchronized LongAccumulator of(SparkContext sc) {
    if (accumulator == null || owner != sc) {
      accumulator = sc.longAccumulator("dsuite.input-rows");
      owner = sc;
    }
    return accumulator;
  }
}
