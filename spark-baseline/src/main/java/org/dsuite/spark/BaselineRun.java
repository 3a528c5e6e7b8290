package org.dsuite.spark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.dsuite.rainstorm.api.Params;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.spark.config.SparkBaselineConfig;
import org.dsuite.spark.dstream.SourceFiles;
import org.dsuite.spark.io.CheckpointGuard;
import org.dsuite.spark.io.CurrentCounts;
import org.dsuite.spark.io.SourceHeader;
import org.dsuite.spark.job.JobPlan;
import org.dsuite.spark.metrics.BatchTimeline;
import org.dsuite.spark.metrics.RunReport;
import org.dsuite.spark.session.SparkConfs;

/**
 * One command-line run: everything that can be checked is checked before Spark starts (app,
 * parameters, input header, checkpoint ownership), then Spark starts with the baseline settings,
 * runs the job and stops, and the figures are reported.
 */
final class BaselineRun {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BaselineRun.class);
  private final BenchmarkApp app;
  private final JobPlan plan;
  private final String src;
  private final String dest;
  private final String checkpoint;
  private final SparkBaselineConfig config;
  private final boolean explicitMaster;
  private final BatchTimeline timeline;
  private RunReport report;

  private BaselineRun(
      BenchmarkApp app,
      JobPlan plan,
      String src,
      String dest,
      String checkpoint,
      SparkBaselineConfig config,
      boolean explicitMaster) {
    this.app = app;
    this.plan = plan;
    this.src = src;
    this.dest = dest;
    this.checkpoint = checkpoint;
    this.config = config;
    this.explicitMaster = explicitMaster;
    this.timeline =
        new BatchTimeline(
            System::currentTimeMillis, ManagementFactory.getRuntimeMXBean().getStartTime());
  }

  /** Resolves and checks the job; nothing is written except the checkpoint's ownership marker. */
  static BaselineRun prepare(
      String appId,
      List<String> paramAssignments,
      String src,
      String dest,
      SparkBaselineConfig config,
      boolean explicitMaster)
      throws IOException {
    BenchmarkApp app = BenchmarkApps.byId(appId);
    Map<String, String> overrides = new TreeMap<>(Params.parse(paramAssignments).asMap());
    app = app.withParams(overrides);
    Configuration hadoop = new Configuration();
    checkHeader(app, src, hadoop);
    JobPlan plan = JobRunner.plan(app, src, dest, config.partitions());
    String checkpoint = config.checkpointFor(dest);
    CheckpointGuard.claim(checkpoint, describe(app, src, dest, config), hadoop);
    return new BaselineRun(app, plan, src, dest, checkpoint, config, explicitMaster);
  }

  /** The input's header must be the dataset's: a wrong file fails here, not as empty output. */
  private static void checkHeader(BenchmarkApp app, String src, Configuration hadoop)
      throws IOException {
    CsvSchema expected = app.dataset().schema();
    Optional<String> header = SourceHeader.read(src, hadoop);
    if (header.isPresent() && !expected.isHeaderLine(header.get())) {
      throw new IllegalArgumentException(
          "line 1 of "
              + src
              + " is not the "
              + app.dataset().id()
              + " header: expected '"
              + expected.headerLine()
              + "', got '"
              + header.get()
              + "'");
    }
  }

  private static String describe(
      BenchmarkApp app, String src, String dest, SparkBaselineConfig config) {
    return "app="
        + app.id()
        + "\nparams="
        + app.params()
        + "\napi="
        + config.api().name().toLowerCase(java.util.Locale.ROOT)
        + "\nsrc="
        + src
        + "\ndest="
        + dest
        + "\n";
  }

  /** Starts Spark, runs the job, stops Spark; returns the text report for stdout. */
  String execute() throws Exception {
    String api = config.api().name().toLowerCase(java.util.Locale.ROOT);
    String mode = config.mode().name().toLowerCase(java.util.Locale.ROOT);
    SparkConf conf =
        SparkConfs.build(
            config,
            "dsuite " + app.id() + " (" + api + ")",
            explicitMaster,
            SparkConfs.dstreamRememberFor(
                SourceFiles.of(src, new Configuration()).oldestModifiedMs(),
                System.currentTimeMillis()));
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    try {
      // The session state (catalog, streaming manager) is built lazily; it is part of start-up.
      spark.streams();
      timeline.sessionReady();
      LOG.info("session ready for {} ({}, {})", app.id(), api, mode);
      JobRunner.run(spark, config, plan, src, dest, checkpoint, timeline);
    } finally {
      spark.stop();
    }
    report = timeline.report(app.id(), api, mode);
    LOG.info("run figures: {}", report.toJson());
    StringBuilder out = new StringBuilder(report.toText());
    if (plan.counting()) {
      Map<String, Long> counts = CurrentCounts.read(dest, new Configuration());
      out.append(
          String.format(
              "  %d keys counted; current counts: spark-baseline counts --dest %s%n",
              counts.size(), dest));
    }
    out.append("  output: ").append(dest).append(System.lineSeparator());
    return out.toString();
  }

  RunReport report() {
    return report;
  }
}
