package org.dsuite.spark.dstream;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.streaming.Time;
import org.dsuite.spark.io.BatchOutput;

/**
 * The DStream output operation: the batch at time {@code t} goes to {@code dest/batch=<t ms>},
 * replacing any earlier attempt of that batch. After a driver restart, DStreams re-run the batches
 * whose completion was not checkpointed with the same files and the same state, so the replay
 * rewrites the same rows in the same place.
 */
final class CommitRdd implements VoidFunction2<JavaRDD<String>, Time> {
  private static final long serialVersionUID = 1L;

  private final BatchOutput output;

  CommitRdd(BatchOutput output) {
    this.output = output;
  }

  @Override
  public void call(JavaRDD<String> rows, Time time) {
    output.commit(
        rows.context().hadoopConfiguration(), time.milliseconds(), dir -> rows.saveAsTextFile(dir));
  }
}
