package org.dsuite.rainstorm.engine.log;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.dsuite.common.config.Settings;

/**
 * Group commit and snapshot limits of a task log.
 *
 * @param commitIntervalMs the longest a record waits in the buffer before a flush starts; 0 means
 *     "flush as soon as the previous flush is done" (pure group commit: records that arrive during
 *     a flush share the next one)
 * @param commitBytes a flush starts early once this many bytes are buffered
 * @param maxBufferedBytes appenders block while this many bytes wait for a flush (memory bound)
 * @param durability {@code hflush}: on every DataNode's memory (survives process and single-host
 *     crashes of the writer); {@code hsync}: additionally forced to the DataNodes' disks
 * @param snapshotEveryRecords a task snapshots after this many inputs (a log record holds a batch
 *     of them), bounding replay on recovery
 * @param leaseRecoveryTimeoutMs how long recovery waits for HDFS to close a dead writer's segment
 */
public record TaskLogConfig(
    long commitIntervalMs,
    long commitBytes,
    long maxBufferedBytes,
    Durability durability,
    long snapshotEveryRecords,
    long leaseRecoveryTimeoutMs) {
  public static final String PREFIX = "rainstorm.log.";

  /** How far a flush pushes the data. */
  public enum Durability {
    HFLUSH,
    HSYNC;

    static Durability parse(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT));
    }
  }

  public TaskLogConfig {
    check(commitIntervalMs >= 0 && commitIntervalMs <= 60_000, "commit-interval-ms", "0..60000");
    check(commitBytes >= 1, "commit-bytes", ">= 1");
    check(maxBufferedBytes >= commitBytes, "max-buffered-bytes", ">= commit-bytes");
    check(durability != null, "durability", "hflush or hsync");
    check(snapshotEveryRecords >= 1, "snapshot-every-records", ">= 1");
    check(leaseRecoveryTimeoutMs >= 1, "lease-recovery-timeout-ms", ">= 1");
  }

  private static void check(boolean ok, String key, String range) {
    if (!ok) {
      throw new IllegalArgumentException(PREFIX + key + " must be " + range);
    }
  }

  /**
   * Defaults: a 2 ms commit interval keeps the added latency far under the 20 ms p99 target while
   * one hflush (~0.3 ms on a local MiniDFSCluster) carries hundreds of records at 100 K records/s.
   * 1 MB per flush keeps one flush under a few ms of DataNode pipeline time; 16 MB buffered is
   * several flushes of slack. hflush, not hsync: the failure model is process and host crashes with
   * three replicas, and hsync's disk force costs ~10x per flush. 50,000 records between snapshots
   * bound replay to well under a second. 30 s of lease recovery covers HDFS's block recovery of a
   * SIGKILLed writer's last block.
   */
  public static TaskLogConfig defaults() {
    return new TaskLogConfig(2, 1 << 20, 16 << 20, Durability.HFLUSH, 50_000, 30_000);
  }

  /** Reads {@code rainstorm.log.*} keys over {@link #defaults()}. */
  public static TaskLogConfig from(Settings s) {
    TaskLogConfig d = defaults();
    return new TaskLogConfig(
        s.millis(
                PREFIX + "commit-interval-ms",
                Duration.ofMillis(d.commitIntervalMs),
                Duration.ZERO,
                Duration.ofMinutes(1))
            .toMillis(),
        s.bytes(PREFIX + "commit-bytes", d.commitBytes, 1, 1L << 30),
        s.bytes(PREFIX + "max-buffered-bytes", d.maxBufferedBytes, 1, 1L << 31),
        Durability.parse(s.oneOf(PREFIX + "durability", "hflush", Set.of("hflush", "hsync"))),
        s.longIn(PREFIX + "snapshot-every-records", d.snapshotEveryRecords, 1, Long.MAX_VALUE),
        s.millis(
                PREFIX + "lease-recovery-timeout-ms",
                Duration.ofMillis(d.leaseRecoveryTimeoutMs),
                Duration.ofMillis(1),
                Duration.ofMinutes(10))
            .toMillis());
  }
}
