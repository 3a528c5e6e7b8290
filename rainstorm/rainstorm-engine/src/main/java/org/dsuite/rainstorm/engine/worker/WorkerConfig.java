package org.dsuite.rainstorm.engine.worker;

import java.nio.file.Path;
import java.time.Duration;
import org.dsuite.common.config.Settings;
import org.dsuite.rainstorm.engine.io.UriFileSystems;
import org.dsuite.rainstorm.engine.leader.ZkLayout;

/**
 * A worker process's own settings (the task, log, network and leader records have theirs).
 *
 * @param zk ZooKeeper connect string ({@code rainstorm.zk})
 * @param hdfs the file system that holds task logs ({@code rainstorm.hdfs}, hdfs:// or file://)
 * @param host address the data plane binds and announces ({@code rainstorm.host})
 * @param port data-plane port, 0 = any free port ({@code rainstorm.port})
 * @param stateDir where the process's own log file goes ({@code rainstorm.state-dir})
 * @param id worker ID in ZooKeeper ({@code rainstorm.worker.id}, default host-port)
 * @param logRoot directory under {@code hdfs} that holds one directory of task logs per job
 * @param leaderCandidate whether this process also runs for leader
 * @param pollIntervalMs how often the worker re-reads assignments and reports progress
 * @param zkSessionTimeoutMs ZooKeeper session timeout: how long after its death a worker's
 *     registration disappears and the leader moves its tasks
 * @param sourceBatchLines lines a source task reads per batch
 * @param pacedBatchWaitMs how long a paced source ({@code --input-rate}) lets due tuples gather
 *     into one batch: each tuple waits at most this long (its latency counts from its due time),
 *     and every batch costs a frame, a log record and an ack, whatever its size
 * @param pacedStartWaitMs how long a paced source waits at most for the job's pipeline to be up
 *     (every task started and reported) before its open-loop schedule starts anyway; 0 = start at
 *     the first read, as before session 8
 * @param sinkFlushIntervalMs how often a sink makes its destination durable
 * @param hdfsReplaceDatanodeOnFailure HDFS client's replace-datanode-on-failure; must be false on a
 *     cluster with fewer DataNodes than the replication factor (e.g. one), where there is nothing
 *     to replace a failed pipeline node with and every recovered write would fail
 * @param hdfsCloseRetryDelayMs the HDFS client's first wait before it asks the NameNode again
 *     whether a closed file is complete (or a new block can be allocated), doubling per retry
 *     ({@link HdfsClientSettings}): Hadoop's own 400 ms is what a task log's close costs whenever
 *     the DataNode's block report reaches the NameNode after the client's first ask, which on a
 *     MiniDFSCluster was 5 to 12 of 15 closes
 */
public record WorkerConfig(
    String zk,
    String hdfs,
    String host,
    int port,
    Path stateDir,
    String id,
    String logRoot,
    boolean leaderCandidate,
    long pollIntervalMs,
    int zkSessionTimeoutMs,
    int sourceBatchLines,
    long pacedBatchWaitMs,
    long pacedStartWaitMs,
    long sinkFlushIntervalMs,
    boolean hdfsReplaceDatanodeOnFailure,
    long hdfsCloseRetryDelayMs) {
  public static final String PREFIX = "rainstorm.";

  public WorkerConfig {
    require(!zk.isBlank(), "zk", "a host:port list");
    try {
      UriFileSystems.checkScheme(hdfs);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(PREFIX + "hdfs: " + e.getMessage(), e);
    }
    require(!host.isBlank(), "host", "an address");
    require(port >= 0 && port <= 65535, "port", "0..65535");
    ZkLayout.checkName(id);
    require(logRoot.startsWith("/"), "worker.log-root", "an absolute path");
    require(pollIntervalMs >= 10, "worker.poll-interval-ms", ">= 10");
    require(zkSessionTimeoutMs >= 1000, "worker.zk-session-timeout-ms", ">= 1000");
    require(sourceBatchLines >= 1, "worker.source-batch-lines", ">= 1");
    require(
        pacedBatchWaitMs >= 1 && pacedBatchWaitMs <= 1_000,
        "worker.paced-batch-wait-ms",
        "1..1000");
    require(
        pacedStartWaitMs >= 0 && pacedStartWaitMs <= 600_000,
        "worker.paced-start-wait-ms",
        "0..600000");
    require(sinkFlushIntervalMs >= 0, "worker.sink-flush-interval-ms", ">= 0");
    require(
        hdfsCloseRetryDelayMs >= 1 && hdfsCloseRetryDelayMs <= HdfsClientSettings.PATIENCE_MS,
        "hdfs-close-retry-delay-ms",
        "1.." + HdfsClientSettings.PATIENCE_MS);
  }

  private static void require(boolean ok, String key, String what) {
    if (!ok) {
      throw new IllegalArgumentException(PREFIX + key + " must be " + what);
    }
  }

  /**
   * Reads the keys. Defaults and why: ZooKeeper and HDFS on localhost for a one-machine run; port 0
   * so several workers share a host; 200 ms polling keeps reassignment pickup and progress well
   * under a second for a few ZooKeeper reads per second; a 6 s session notices a dead worker in
   * seconds without expiring on a GC pause; 256-line source batches amortise frames and log
   * records; a paced source gathers 5 ms of tuples per batch (at 100 K records/s that halved the
   * p99 latency against 1 ms batches, at the same p50: fewer, larger batches queue less); a paced
   * source waits up to 10 s for the rest of the job's tasks to start (a task's start is a log
   * recovery and file opens on HDFS, 0.1-1 s; 10 s covers a loaded machine, and past it the
   * schedule starts anyway so a task that cannot start never holds the job); a 50 ms sink flush
   * keeps end-to-end latency low while an hflush costs ~1 ms; HDFS's own default for replacing
   * pipeline DataNodes; a 20 ms first retry of an HDFS close: a closed block normally reaches the
   * NameNode within a few ms, so the close costs ~25 ms instead of ~400 ms (measured: 15 closes on
   * a MiniDFSCluster, 2.5-4.9 s in total with Hadoop's 400 ms, 0.2-0.3 s with 20 ms), with more
   * retries so the client waits as long in total before it gives up.
   */
  public static WorkerConfig from(Settings s) {
    String host = s.nonEmpty(PREFIX + "host", "127.0.0.1");
    int port = s.intIn(PREFIX + "port", 0, 0, 65535);
    return new WorkerConfig(
        s.nonEmpty(PREFIX + "zk", "127.0.0.1:2181"),
        s.nonEmpty(PREFIX + "hdfs", "hdfs://127.0.0.1:9000"),
        host,
        port,
        s.path(PREFIX + "state-dir", Path.of("state/rainstorm")),
        s.nonEmpty(
            PREFIX + "worker.id", host + "-" + (port == 0 ? ProcessHandle.current().pid() : port)),
        s.nonEmpty(PREFIX + "worker.log-root", "/rainstorm/logs"),
        s.bool(PREFIX + "worker.leader", true),
        ms(s, "worker.poll-interval-ms", 200),
        (int) ms(s, "worker.zk-session-timeout-ms", 6_000),
        s.intIn(PREFIX + "worker.source-batch-lines", 256, 1, 1 << 20),
        s.millis(
                PREFIX + "worker.paced-batch-wait-ms",
                Duration.ofMillis(5),
                Duration.ofMillis(1),
                Duration.ofSeconds(1))
            .toMillis(),
        s.millis(
                PREFIX + "worker.paced-start-wait-ms",
                Duration.ofSeconds(10),
                Duration.ZERO,
                Duration.ofMinutes(10))
            .toMillis(),
        ms(s, "worker.sink-flush-interval-ms", 50),
        s.bool(PREFIX + "hdfs-replace-datanode-on-failure", true),
        s.millis(
                PREFIX + "hdfs-close-retry-delay-ms",
                Duration.ofMillis(20),
                Duration.ofMillis(1),
                Duration.ofMillis(HdfsClientSettings.PATIENCE_MS))
            .toMillis());
  }

  private static long ms(Settings s, String key, long dflt) {
    return s.millis(PREFIX + key, Duration.ofMillis(dflt), Duration.ZERO, Duration.ofHours(1))
        .toMillis();
  }
}
