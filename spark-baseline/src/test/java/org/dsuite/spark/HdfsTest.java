package org.dsuite.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.SparkSession;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.api.job.Dataset;
import org.dsuite.spark.config.SparkBaselineConfig;
import org.dsuite.spark.config.SparkBaselineConfig.Api;
import org.dsuite.spark.io.BatchOutput;
import org.dsuite.spark.metrics.BatchTimeline;
import org.dsuite.spark.testkit.GeneratedInput;
import org.dsuite.spark.testkit.Outputs;
import org.dsuite.spark.testkit.TestSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input, output and checkpoint on a real HDFS (an embedded MiniDFSCluster, one DataNode), with
 * {@code hdfs://} URIs, for both APIs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HdfsTest {
  @TempDir static Path tmp;
  private MiniDFSCluster hdfs;
  private SparkSession spark;
  private String root;
  private GeneratedInput local;

  @BeforeAll
  void start() throws Exception {
    Configuration conf = new Configuration();
    hdfs = new MiniDFSCluster.Builder(conf, tmp.resolve("hdfs").toFile()).numDataNodes(1).build();
    hdfs.waitActive();
    root = hdfs.getURI().toString();
    local = GeneratedInput.write(Dataset.TRAFFIC_SIGNS, tmp.resolve("in"), 4, 2_000, 5);
    FileSystem fs = hdfs.getFileSystem();
    fs.copyFromLocalFile(
        new org.apache.hadoop.fs.Path(local.dir().toUri()),
        new org.apache.hadoop.fs.Path(root + "/input"));
    spark = TestSpark.shared();
  }

  @AfterAll
  void stop() {
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Test
  void structuredCountReadsAndWritesHdfs() throws Exception {
    BenchmarkApp app = BenchmarkApps.TRAFFIC_APP2;
    String dest = root + "/out/structured-app2";
    String checkpoint = root + "/checkpoints/structured-app2";
    run(app, Api.STRUCTURED, dest, checkpoint);

    assertThat(Outputs.counts(spark, dest)).isEqualTo(local.referenceCounts(app));
    FileSystem fs = hdfs.getFileSystem();
    assertThat(fs.exists(new org.apache.hadoop.fs.Path(checkpoint + "/commits"))).isTrue();
    assertThat(fs.exists(new BatchOutput(dest).batchDir(0))).isTrue();
  }

  @Test
  void dstreamSelectReadsAndWritesHdfs() throws Exception {
    BenchmarkApp app = BenchmarkApps.TRAFFIC_APP1;
    String dest = root + "/out/dstream-app1";
    String checkpoint = root + "/checkpoints/dstream-app1";
    run(app, Api.DSTREAM, dest, checkpoint);

    assertThat(Outputs.rows(spark, dest))
        .containsExactlyInAnyOrderElementsOf(local.referenceRows(app));
    FileSystem fs = hdfs.getFileSystem();
    assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(checkpoint)))
        .anyMatch(s -> s.getPath().getName().startsWith("checkpoint-"));
  }

  private void run(BenchmarkApp app, Api api, String dest, String checkpoint) throws Exception {
    SparkBaselineConfig config = TestSpark.config(api);
    String src = root + "/input";
    JobRunner.run(
        spark,
        config,
        JobRunner.plan(app, src, dest, config.partitions()),
        src,
        dest,
        checkpoint,
        new BatchTimeline(System::currentTimeMillis, 0));
  }
}
