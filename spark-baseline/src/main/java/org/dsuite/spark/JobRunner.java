package org.dsuite.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.spark.config.SparkBaselineConfig;
import org.dsuite.spark.dstream.DStreamRunner;
import org.dsuite.spark.job.JobPlan;
import org.dsuite.spark.metrics.BatchTimeline;
import org.dsuite.spark.structured.StructuredRunner;

/** Plans a benchmark app and runs it on a running Spark with the configured API. */
public final class JobRunner {
  private JobRunner() {}

  /** The Spark plan of {@code app} (its dataset's header is the schema). */
  public static JobPlan plan(BenchmarkApp app, String src, String dest, int partitions) {
    return JobPlan.of(app.id(), app.job(src, dest, partitions), app.dataset().schema());
  }

  /**
   * Runs {@code plan} from {@code src} to {@code dest} with {@code checkpoint}: to completion in
   * bounded mode, until stopped in continuous mode. The SparkSession stays running.
   */
  public static void run(
      SparkSession spark,
      SparkBaselineConfig config,
      JobPlan plan,
      String src,
      String dest,
      String checkpoint,
      BatchTimeline timeline)
      throws Exception {
    if (config.api() == SparkBaselineConfig.Api.STRUCTURED) {
      new StructuredRunner(spark, config).run(plan, src, dest, checkpoint, timeline);
    } else {
      new DStreamRunner(JavaSparkContext.fromSparkContext(spark.sparkContext()), config)
          .run(plan, src, dest, checkpoint, timeline);
    }
  }
}
