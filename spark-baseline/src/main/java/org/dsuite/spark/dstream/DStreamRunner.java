package org.dsuite.spark.dstream;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.streaming.Durations;
import org.apache.spark.streaming.StateSpec;
import org.apache.spark.streaming.StreamingContext;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.scheduler.OutputOperationInfo;
import org.apache.spark.streaming.scheduler.StreamInputInfo;
import org.apache.spark.streaming.scheduler.StreamingListener;
import org.apache.spark.streaming.scheduler.StreamingListenerBatchCompleted;
import org.apache.spark.util.LongAccumulator;
import org.dsuite.rainstorm.api.SerializableFunction;
import org.dsuite.spark.config.SparkBaselineConfig;
import org.dsuite.spark.io.BatchOutput;
import org.dsuite.spark.job.JobPlan;
import org.dsuite.spark.metrics.BatchLog;
import org.dsuite.spark.metrics.BatchTimeline;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Runs a job with DStreams (spark-streaming; deprecated since Spark 3.4 but still shipped), as a
 * DStream program is meant to be written for exactly-once over files:
 *
 * <ul>
 *   <li>source: {@code fileStream} on the input directory with {@code newFilesOnly=false}, so files
 *       already present are processed (all of them in the first batch: DStreams' file source has no
 *       per-batch file limit); the files chosen per batch are checkpointed;
 *   <li>stateless job: {@code flatMap}, then each batch's RDD written idempotently per batch time;
 *   <li>counting job: {@code reduceByKey} per batch, then {@code mapWithState} for the running
 *       count (state checkpointed), updated counts written idempotently per batch time;
 *   <li>restart: an existing checkpoint is recovered (graph, pending batches, state) instead of
 *       building a new graph, which is what {@code StreamingContext.getOrCreate} does, but on the
 *       SparkContext already running;
 *   <li>bounded mode stops gracefully once a batch whose time is at or after the newest input
 *       file's modification time has completed: that batch has seen every file present at start.
 * </ul>
 */
public final class DStreamRunner {
  private final JavaSparkContext jsc;
  private final SparkBaselineConfig config;

  public DStreamRunner(JavaSparkContext jsc, SparkBaselineConfig config) {
    this.jsc = jsc;
    this.config = config;
  }

  /** Runs the job: to completion in bounded mode, until stopped in continuous mode. */
  public void run(JobPlan plan, String src, String dest, String checkpoint, BatchTimeline timeline)
      throws IOException, InterruptedException, TimeoutException {
    SourceFiles source = SourceFiles.of(src, jsc.hadoopConfiguration());
    JavaStreamingContext jssc = contextFor(plan, source, dest, checkpoint);
    CountDownLatch inputConsumed = new CountDownLatch(1);
    LongAccumulator rows = InputRows.of(jsc.sc());
    BatchLog batchLog =
        config.batchLog() == null ? null : new BatchLog(java.nio.file.Path.of(config.batchLog()));
    Progress progress =
        new Progress(timeline, rows, source.newestModifiedMs(), inputConsumed, batchLog);
    jssc.addStreamingListener(progress);
    timeline.queryStarted();
    jssc.start();
    boolean stopped = false;
    try {
      if (config.mode() == SparkBaselineConfig.Mode.CONTINUOUS) {
        jssc.awaitTermination();
        stopped = true;
        return;
      }
      if (!inputConsumed.await(config.runTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TimeoutException(
            "the bounded DStream run did not consume its input within "
                + config.runTimeout().toMillis()
                + " ms (spark-baseline.run-timeout-ms)");
      }
      if (progress.failure() != null) {
        throw new IllegalStateException(progress.failure());
      }
    } finally {
      if (!stopped) {
        // Graceful: batches already generated finish and are checkpointed; the SparkContext is
        // the caller's.
        jssc.stop(false, true);
      }
    }
  }

  private JavaStreamingContext contextFor(
      JobPlan plan, SourceFiles source, String dest, String checkpoint) throws IOException {
    if (hasCheckpoint(checkpoint)) {
      return new JavaStreamingContext(new StreamingContext(checkpoint, jsc.sc()));
    }
    JavaStreamingContext jssc =
        new JavaStreamingContext(jsc, Durations.milliseconds(config.batchInterval().toMillis()));
    jssc.checkpoint(checkpoint);
    JavaDStream<String> lines =
        jssc.fileStream(
                source.directory(),
                LongWritable.class,
                Text.class,
                TextInputFormat.class,
                source.filter(),
                false)
            .map(kv -> kv._2().toString());
    JavaDStream<String> rows = Stages.stateless(lines, plan);
    BatchOutput output = new BatchOutput(dest);
    if (!plan.counting()) {
      rows.foreachRDD(new CommitRdd(output));
      return jssc;
    }
    int partitions = config.partitions();
    SerializableFunction<String, String> keyOf = plan.countBy().keyOf();
    rows.map(keyOf::apply)
        .filter(key -> key != null)
        .mapToPair(key -> new Tuple2<>(key, 1L))
        .reduceByKey(Long::sum, partitions)
        .mapWithState(StateSpec.function(new RunningCount()).numPartitions(partitions))
        .foreachRDD(new CommitRdd(output));
    return jssc;
  }

  private boolean hasCheckpoint(String checkpoint) throws IOException {
    Path dir = new Path(checkpoint);
    FileSystem fs = dir.getFileSystem(jsc.hadoopConfiguration());
    return fs.exists(dir)
        && fs.listStatus(dir, p -> p.getName().startsWith("checkpoint-")).length > 0;
  }

  /** Feeds batch completions into the timeline and detects that the input has been consumed. */
  private static final class Progress implements StreamingListener {
    private final BatchTimeline timeline;
    private final LongAccumulator rows;
    private final long newestInputMs;
    private final CountDownLatch inputConsumed;
    private final BatchLog batchLog;
    private long rowsSeen;
    private volatile String failure;

    Progress(
        BatchTimeline timeline,
        LongAccumulator rows,
        long newestInputMs,
        CountDownLatch inputConsumed,
        BatchLog batchLog) {
      this.timeline = timeline;
      this.batchLog = batchLog;
      this.rows = rows;
      this.newestInputMs = newestInputMs;
      this.inputConsumed = inputConsumed;
      this.rowsSeen = rows.value();
    }

    @Override
    public void onBatchCompleted(StreamingListenerBatchCompleted completed) {
      long total = rows.value();
      timeline.batchDone(total - rowsSeen);
      rowsSeen = total;
      // DStreams log a failed output operation and go on with the next batch; a bounded run
      // must not report success over a batch whose output was not written.
      for (OutputOperationInfo op :
          CollectionConverters.asJava(completed.batchInfo().outputOperationInfos()).values()) {
        if (op.failureReason().isDefined() && failure == null) {
          failure =
              "the batch at "
                  + completed.batchInfo().batchTime().milliseconds()
                  + " ms failed: "
                  + op.failureReason().get();
          inputConsumed.countDown();
        }
      }
      if (batchLog != null && failure == null) {
        batchLog.completed(
            completed.batchInfo().batchTime().milliseconds(),
            System.currentTimeMillis(),
            inputFiles(completed));
      }
      if (completed.batchInfo().batchTime().milliseconds() >= newestInputMs) {
        inputConsumed.countDown();
      }
    }

    /**
     * The files the batch read: the file source reports them as its input info's {@code files}
     * metadata (empty for a batch re-run after a restart, whose input info is not checkpointed).
     */
    private static java.util.List<String> inputFiles(StreamingListenerBatchCompleted completed) {
      java.util.List<String> files = new java.util.ArrayList<>();
      for (StreamInputInfo in :
          CollectionConverters.asJava(completed.batchInfo().streamIdToInputInfo()).values()) {
        Object f = CollectionConverters.asJava(in.metadata()).get("files");
        if (f instanceof scala.collection.Iterable<?> it) {
          for (Object o : CollectionConverters.asJava(it)) {
            files.add(String.valueOf(o));
          }
        }
      }
      return files;
    }

    /** The first failed batch's reason, or null. */
    String failure() {
      return failure;
    }
  }
}
