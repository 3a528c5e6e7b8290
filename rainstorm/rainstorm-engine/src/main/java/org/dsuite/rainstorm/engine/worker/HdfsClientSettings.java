package org.dsuite.rainstorm.engine.worker;

import org.apache.hadoop.conf.Configuration;
import org.dsuite.rainstorm.engine.log.TaskLogConfig;

/**
 * The HDFS client settings a worker's task logs, sources and sinks use (one Hadoop {@link
 * Configuration} per worker).
 *
 * <p>Why the close retry matters: {@code DFSOutputStream.close()} asks the NameNode to complete the
 * file, which it refuses until a DataNode has reported the last block; the client then sleeps
 * {@code dfs.client.block.write.locateFollowingBlock.initial.delay.ms} (Hadoop default 400 ms,
 * doubling per retry) before asking again. The report usually arrives a few ms after the close, so
 * with the default most closes cost 400 ms. A task log closes two files per snapshot (the snapshot
 * and the segment it ends), so every snapshot used to stop the task's group commits for ~0.8 s. A
 * short first delay with more retries keeps the close fast and the client's total patience at least
 * Hadoop's.
 *
 * <p>Hadoop caches a {@code FileSystem} per scheme, authority and user, not per configuration: the
 * keys take effect because a worker process's first HDFS client is opened with this configuration.
 * In a JVM that opened the same HDFS before (an in-process test with its MiniDFSCluster), the
 * earlier client's settings stay unless that configuration sets them too.
 */
public final class HdfsClientSettings {
  static final String INITIAL_DELAY =
      "dfs.client.block.write.locateFollowingBlock.initial.delay.ms";
  static final String RETRIES = "dfs.client.block.write.locateFollowingBlock.retries";
  static final String REPLACE_DATANODE =
      "dfs.client.block.write.replace-datanode-on-failure.enable";

  /**
   * Hadoop's packet-buffer reuse, deliberately left off (Hadoop's default). A task log hflushes
   * every few ms and every hflush ends a packet, so without reuse the client allocates a ~64 KB
   * array per commit per task (23 % of a paced App1 run's allocation, session 7). But in the Hadoop
   * we ship (3.4.2) the client's pipeline-error path drops packets without returning their arrays
   * (HDFS-17916, apache/hadoop#8466, fixed after 3.4.2), and once the leaked count reaches the
   * manager's limit every allocation blocks: a worker whose writers meet DataNode errors (fenced
   * zombies, killed DataNodes, which our recovery exercises on purpose) could hang.
   */
  static final String BYTE_ARRAY_MANAGER = "dfs.client.write.byte-array-manager.enabled";

  /**
   * The other lever on those arrays, without reuse: their size. After an hflush the client's next
   * write allocates a packet of {@code min(this, room left in the block)} bytes, so a log that
   * commits a few KB every few ms allocates a mostly empty 64 KB array per commit at Hadoop's
   * default ({@link TaskLogConfig#writePacketBytes()}, 16 KB by default). Client-wide, as Hadoop
   * reads it per client: it applies to the worker's snapshots and HDFS sinks too, which also write
   * little between hflushes; a larger write goes out as several packets.
   */
  static final String WRITE_PACKET_SIZE = "dfs.client-write-packet-size";

  /** Hadoop's total wait before a close gives up: 400 ms doubled over 5 retries. */
  static final long PATIENCE_MS = 400L * ((1L << 5) - 1);

  private HdfsClientSettings() {}

  /** Sets the worker's HDFS client keys on {@code conf}, with the default task-log packet size. */
  public static void apply(WorkerConfig config, Configuration conf) {
    apply(config, TaskLogConfig.defaults(), conf);
  }

  /** Sets the worker's HDFS client keys on {@code conf}. */
  public static void apply(WorkerConfig config, TaskLogConfig logConfig, Configuration conf) {
    conf.setInt(WRITE_PACKET_SIZE, logConfig.writePacketBytes());
    if (!config.hdfsReplaceDatanodeOnFailure()) {
      conf.setBoolean(REPLACE_DATANODE, false);
    }
    conf.setLong(INITIAL_DELAY, config.hdfsCloseRetryDelayMs());
    conf.setInt(RETRIES, retriesFor(config.hdfsCloseRetryDelayMs()));
  }

  /**
   * The fewest retries whose doubling waits, starting at {@code initialDelayMs}, add up to at least
   * {@link #PATIENCE_MS}.
   */
  static int retriesFor(long initialDelayMs) {
    int retries = 0;
    long total = 0;
    for (long d = initialDelayMs; total < PATIENCE_MS; d *= 2) {
      total += d;
      retries++;
    }
    return retries;
  }
}
