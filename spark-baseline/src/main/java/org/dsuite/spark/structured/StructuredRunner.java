package org.dsuite.spark.structured;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.dsuite.rainstorm.api.SerializableFunction;
import org.dsuite.rainstorm.api.SerializablePredicate;
import org.dsuite.rainstorm.api.job.StageLogic;
import org.dsuite.spark.config.SparkBaselineConfig;
import org.dsuite.spark.io.BatchOutput;
import org.dsuite.spark.job.JobPlan;
import org.dsuite.spark.metrics.BatchTimeline;

/**
 * Runs a job with Structured Streaming, the way the Spark documentation recommends for an
 * exactly-once file pipeline:
 *
 * <ul>
 *   <li>source: the file source on {@code src} (a directory, a glob or one file), {@code
 *       maxFilesPerTrigger} files per micro-batch, offsets in the checkpoint;
 *   <li>stateless job: {@code flatMap} with the shared per-line function, then the file sink (its
 *       {@code _spark_metadata} log makes the output exactly-once for readers that go through
 *       Spark);
 *   <li>counting job: {@code groupBy(key).count()} kept in Spark's checkpointed state store, in
 *       update mode, written by {@code foreachBatch} idempotently per batch id ({@link
 *       CountBatchWriter}); an unwatermarked aggregation cannot use the append-only file sink;
 *   <li>bounded mode: {@code Trigger.AvailableNow}, which consumes what is there and stops;
 *       continuous mode: processing-time triggers until stopped.
 * </ul>
 */
public final class StructuredRunner {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(StructuredRunner.class);
  private final SparkSession spark;
  private final SparkBaselineConfig config;

  public StructuredRunner(SparkSession spark, SparkBaselineConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** Starts the query; the caller awaits or stops it. */
  public StreamingQuery start(
      JobPlan plan, String src, String dest, String checkpoint, String queryName)
      throws TimeoutException, IOException {
    DataStreamReader reader =
        spark.readStream().option("maxFilesPerTrigger", config.maxFilesPerTrigger());
    Path srcPath = new Path(src);
    FileSystem fs = srcPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (fs.isFile(srcPath)) {
      // The file source watches directories: one file is its directory filtered to its name.
      reader = reader.option("pathGlobFilter", globEscape(srcPath.getName()));
      srcPath = srcPath.getParent();
    }
    Dataset<String> lines = reader.text(srcPath.toString()).as(Encoders.STRING());
    Dataset<String> rows = statelessStages(lines, plan);
    Trigger trigger =
        config.mode() == SparkBaselineConfig.Mode.BOUNDED
            ? Trigger.AvailableNow()
            : Trigger.ProcessingTime(config.triggerInterval().toMillis());
    if (!plan.counting()) {
      return rows.writeStream()
          .queryName(queryName)
          .format("text")
          .option("checkpointLocation", checkpoint)
          .outputMode(OutputMode.Append())
          .trigger(trigger)
          .start(dest);
    }
    SerializableFunction<String, String> keyOf = plan.countBy().keyOf();
    Dataset<Row> counts =
        rows.map((MapFunction<String, String>) keyOf::apply, Encoders.STRING())
            .filter((FilterFunction<String>) Objects::nonNull)
            .groupBy("value")
            .count();
    return counts
        .writeStream()
        .queryName(queryName)
        .outputMode(OutputMode.Update())
        .foreachBatch(new CountBatchWriter(new BatchOutput(dest)))
        .option("checkpointLocation", checkpoint)
        .trigger(trigger)
        .start();
  }

  /** {@code name} as a Hadoop glob that matches only itself. */
  static String globEscape(String name) {
    return name.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
  }

  /**
   * The header filter and the stateless stages as Dataset operations: a RainStorm filter is a
   * {@code filter}, a transform a {@code map} whose null (malformed row) is dropped.
   */
  static Dataset<String> statelessStages(Dataset<String> lines, JobPlan plan) {
    Dataset<String> ds = lines;
    String header = plan.headerLine();
    if (header != null) {
      ds = ds.filter((FilterFunction<String>) line -> !header.equals(line));
    }
    for (StageLogic stage : plan.statelessStages()) {
      if (stage instanceof StageLogic.Filter f) {
        SerializablePredicate<String> keep = f.keep();
        ds = ds.filter((FilterFunction<String>) keep::test);
      } else if (stage instanceof StageLogic.Transform t) {
        SerializableFunction<String, String> map = t.map();
        ds =
            ds.map((MapFunction<String, String>) map::apply, Encoders.STRING())
                .filter((FilterFunction<String>) Objects::nonNull);
      } else {
        throw new IllegalArgumentException("not a stateless stage: " + stage.operator());
      }
    }
    return ds;
  }

  /**
   * Runs the job to completion in bounded mode (or until stopped in continuous mode), recording
   * batches into {@code timeline}.
   *
   * @throws StreamingQueryException if the query failed
   * @throws TimeoutException if a bounded run did not finish within the configured run timeout
   */
  public void run(JobPlan plan, String src, String dest, String checkpoint, BatchTimeline timeline)
      throws TimeoutException, StreamingQueryException, InterruptedException, IOException {
    String queryName =
        "dsuite_"
            + plan.name().replaceAll("[^A-Za-z0-9_]", "_")
            + "_"
            + java.util.UUID.randomUUID().toString().replace("-", "");
    ProgressListener listener = new ProgressListener(queryName, timeline);
    spark.streams().addListener(listener);
    try {
      timeline.queryStarted();
      StreamingQuery query = start(plan, src, dest, checkpoint, queryName);
      if (config.mode() == SparkBaselineConfig.Mode.CONTINUOUS) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(query)));
        query.awaitTermination();
      } else if (!query.awaitTermination(config.runTimeout().toMillis())) {
        stopQuietly(query);
        throw new TimeoutException(
            "the bounded run did not consume its input within "
                + config.runTimeout().toMillis()
                + " ms (spark-baseline.run-timeout-ms)");
      }
      // Progress events are delivered asynchronously; the termination event comes after them.
      listener.awaitTerminated(30_000);
    } finally {
      spark.streams().removeListener(listener);
    }
  }

  private static void stopQuietly(StreamingQuery query) {
    try {
      query.stop();
    } catch (TimeoutException e) {
      LOG.warn("query {} did not stop in time", query.name(), e);
    }
  }
}
