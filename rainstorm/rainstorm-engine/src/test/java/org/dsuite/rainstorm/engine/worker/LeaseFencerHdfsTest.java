package org.dsuite.rainstorm.engine.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.task.StagePlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LeaseFencer#awaitFenced} on a real (embedded) HDFS: a moved task starts only once the
 * files a dead writer left open (its log segment, and for the sink the destination) are closed, and
 * a wait that hits its limit returns false without blocking longer.
 */
class LeaseFencerHdfsTest {
  private static MiniDFSCluster cluster;
  private static DistributedFileSystem fs;
  private static java.nio.file.Path baseDir;

  private FileSystem deadWriter; // another client, as the dead worker's process was
  private ExecutorService executor;

  @BeforeAll
  static void startHdfs() throws IOException {
    baseDir = Files.createTempDirectory("rainstorm-fencer");
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toString());
    conf.setLong("dfs.heartbeat.interval", 1); // lease recovery waits for a DataNode heartbeat
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    fs = cluster.getFileSystem();
  }

  @AfterAll
  static void stopHdfs() throws IOException {
    if (cluster != null) {
      cluster.shutdown(true);
    }
    if (!Files.exists(baseDir)) {
      return; // shutdown(true) deleted it
    }
    try (Stream<java.nio.file.Path> all = Files.walk(baseDir)) {
      for (java.nio.file.Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @BeforeEach
  void openClient() throws IOException {
    deadWriter = FileSystem.newInstance(fs.getUri(), fs.getConf());
    executor = Executors.newCachedThreadPool();
  }

  @AfterEach
  void closeClient() throws IOException {
    executor.shutdownNow();
    deadWriter.close();
  }

  private LeaseFencer fencer(long limitMs) {
    WorkerConfig config =
        new WorkerConfig(
            "127.0.0.1:1",
            fs.getUri().toString(),
            "127.0.0.1",
            0,
            baseDir.resolve("state"),
            "w1",
            "/logs",
            false,
            200,
            3_000,
            256,
            5,
            0,
            50,
            false,
            20);
    return new LeaseFencer(config, fs.getConf(), executor, limitMs);
  }

  /** Writes and hflushes {@code file} through the dead writer's client and leaves it open. */
  private FSDataOutputStream leaveOpen(String file) throws IOException {
    FSDataOutputStream out = deadWriter.create(new Path(file), true);
    out.write("records".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    out.hflush();
    return out;
  }

  @Test
  void movedTaskWaitsUntilItsOpenSegmentAndTheDestinationAreClosed() throws Exception {
    JobSpec spec =
        BenchmarkApps.TRAFFIC_APP2.job(
            fs.getUri() + "/in/a.csv", fs.getUri() + "/out/fenced.out", 3);
    TaskKey sink = new TaskKey(StagePlan.of(spec).sinkStage(), 0);
    LeaseFencer fencer = fencer(30_000);
    Path segment = new Path(fencer.logDir("job-1", sink), "seg-00000000000000000001.log");
    leaveOpen(segment.toString());
    leaveOpen(spec.dest());
    assertThat(fs.isFileClosed(segment)).isFalse();

    assertThat(fencer.awaitFenced("job-1", StagePlan.of(spec), sink)).isTrue();

    assertThat(fs.isFileClosed(segment)).isTrue();
    assertThat(fs.isFileClosed(new Path(spec.dest()))).isTrue();
    assertThat(fs.getFileStatus(segment).getLen()).isEqualTo("records".length());
  }

  @Test
  void aWaitThatHitsItsLimitReturnsFalseButTheRecoveryGoesOn() throws Exception {
    JobSpec spec =
        BenchmarkApps.TRAFFIC_APP2.job(fs.getUri() + "/in/a.csv", fs.getUri() + "/out/b.out", 3);
    TaskKey op = new TaskKey(1, 2);
    LeaseFencer fencer = fencer(1);
    Path segment = new Path(fencer.logDir("job-2", op), "seg-00000000000000000001.log");
    leaveOpen(segment.toString());

    long t0 = System.nanoTime();
    assertThat(fencer.awaitFenced("job-2", StagePlan.of(spec), op)).isFalse();
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
    await().atMost(Duration.ofSeconds(30)).until(() -> fs.isFileClosed(segment));
  }

  @Test
  void aTaskThatNeverLoggedHasNothingToWaitFor() {
    JobSpec spec =
        BenchmarkApps.TRAFFIC_APP2.job(fs.getUri() + "/in/a.csv", fs.getUri() + "/out/c.out", 3);
    assertThat(fencer(30_000).awaitFenced("job-3", StagePlan.of(spec), new TaskKey(0, 1))).isTrue();
  }
}
