package org.dsuite.spark.structured;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.dsuite.spark.io.BatchOutput;
import org.dsuite.spark.job.JobPlan;

/**
 * The {@code foreachBatch} sink of a running count: micro-batch {@code batchId}'s updated (key,
 * running count) rows go to {@code dest/batch=<batchId>} through {@link BatchOutput}, replacing any
 * earlier attempt of the same batch. Spark re-runs an uncommitted batch with the same input and the
 * same state version, so a replay writes the same rows to the same place: no double count.
 */
final class CountBatchWriter implements VoidFunction2<Dataset<Row>, Long> {
  private static final long serialVersionUID = 1L;

  private final BatchOutput output;

  CountBatchWriter(BatchOutput output) {
    this.output = output;
  }

  @Override
  public void call(Dataset<Row> updatedCounts, Long batchId) {
    Dataset<String> rows =
        updatedCounts.map(
            (MapFunction<Row, String>) r -> JobPlan.countRow(r.getString(0), r.getLong(1)),
            Encoders.STRING());
    output.commit(
        updatedCounts.sparkSession().sparkContext().hadoopConfiguration(),
        batchId,
        dir -> rows.write().text(dir));
  }
}
