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
 * @param snapshotMinIntervalMs a task that has logged {@code snapshotEveryRecords} inputs still
 *     waits until this long after its previous snapshot (0: no wait), so a task at full speed
 *     snapshots at most about once per interval; see {@link #snapshotDue}
 * @param snapshotMaxRecords a task snapshots after this many inputs however recent its previous
 *     snapshot: the hard bound on what recovery replays
 * @param writePacketBytes the HDFS client's write packet size ({@code
 *     dfs.client-write-packet-size}) for a worker's writes: every hflush ends a packet and the next
 *     write allocates a new packet array this big, so a log that commits a few KB every few ms
 *     wants it small
 */
public record TaskLogConfig(
    long commitIntervalMs,
    long commitBytes,
    long maxBufferedBytes,
    Durability durability,
    long snapshotEveryRecords,
    long leaseRecoveryTimeoutMs,
    long snapshotMinIntervalMs,
    long snapshotMaxRecords,
    int writePacketBytes) {
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
    check(
        snapshotMinIntervalMs >= 0 && snapshotMinIntervalMs <= 600_000,
        "snapshot-min-interval-ms",
        "0..600000");
    check(
        snapshotMaxRecords >= snapshotEveryRecords,
        "snapshot-max-records",
        ">= snapshot-every-records (" + snapshotEveryRecords + ")");
    check(
        writePacketBytes >= MIN_PACKET_BYTES && writePacketBytes <= MAX_PACKET_BYTES,
        "write-packet-bytes",
        MIN_PACKET_BYTES + ".." + MAX_PACKET_BYTES);
  }

  /**
   * The limits before session 9: a snapshot every {@code snapshotEveryRecords} inputs whatever the
   * rate, and Hadoop's 64 KB packets.
   */
  public TaskLogConfig(
      long commitIntervalMs,
      long commitBytes,
      long maxBufferedBytes,
      Durability durability,
      long snapshotEveryRecords,
      long leaseRecoveryTimeoutMs) {
    this(
        commitIntervalMs,
        commitBytes,
        maxBufferedBytes,
        durability,
        snapshotEveryRecords,
        leaseRecoveryTimeoutMs,
        0,
        snapshotEveryRecords,
        HADOOP_PACKET_BYTES);
  }

  /** Hadoop's default {@code dfs.client-write-packet-size}. */
  public static final int HADOOP_PACKET_BYTES = 64 << 10;

  /** One checksum chunk (512 B) and its header: Hadoop sends at least one chunk per packet. */
  static final int MIN_PACKET_BYTES = 1 << 10;

  /** Hadoop's DataNode refuses packets over 16 MB ({@code PacketReceiver.MAX_PACKET_SIZE}). */
  static final int MAX_PACKET_BYTES = 16 << 20;

  /**
   * Whether a task that has logged {@code inputsSinceSnapshot} inputs, the last snapshot {@code
   * msSinceSnapshot} ago, snapshots now. At low rates this is every {@link #snapshotEveryRecords}
   * inputs, as before; at full speed, at most about one snapshot per {@link
   * #snapshotMinIntervalMs}, and never more than {@link #snapshotMaxRecords} inputs apart. Replay
   * on recovery is thus at most {@code max(snapshotEveryRecords, inputs of one interval)} and never
   * past {@code snapshotMaxRecords} inputs (plus those logged while the previous snapshot was being
   * written).
   */
  public boolean snapshotDue(long inputsSinceSnapshot, long msSinceSnapshot) {
    return inputsSinceSnapshot >= snapshotMaxRecords
        || (inputsSinceSnapshot >= snapshotEveryRecords
            && msSinceSnapshot >= snapshotMinIntervalMs);
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
   * SIGKILLed writer's last block. At full speed a busy task logs 50,000 inputs in a fraction of a
   * second, and each snapshot costs ~10 NameNode round trips and two block pipelines (session 8):
   * at most one per second per task keeps replay at a second's worth of inputs, and 400,000 inputs
   * (a few seconds of replay at the rates measured) is the hard bound. 16 KB packets: a log commit
   * at full speed is a few KB (session 8: 69 B per App2 row over three tasks), so Hadoop's 64 KB
   * packet array, allocated afresh after every hflush, was mostly empty; a bigger commit is split
   * into several packets down the same pipeline.
   */
  public static TaskLogConfig defaults() {
    return new TaskLogConfig(
        2, 1 << 20, 16 << 20, Durability.HFLUSH, 50_000, 30_000, 1_000, 400_000, 16 << 10);
  }

  /** Reads {@code rainstorm.log.*} keys over {@link #defaults()}. */
  public static TaskLogConfig from(Settings s) {
    TaskLogConfig d = defaults();
    long every =
        s.longIn(PREFIX + "snapshot-every-records", d.snapshotEveryRecords, 1, Long.MAX_VALUE);
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
        every,
        s.millis(
                PREFIX + "lease-recovery-timeout-ms",
                Duration.ofMillis(d.leaseRecoveryTimeoutMs),
                Duration.ofMillis(1),
                Duration.ofMinutes(10))
            .toMillis(),
        s.millis(
                PREFIX + "snapshot-min-interval-ms",
                Duration.ofMillis(d.snapshotMinIntervalMs),
                Duration.ZERO,
                Duration.ofMinutes(10))
            .toMillis(),
        // Unset, it follows a larger snapshot-every-records up, so that key alone stays valid.
        s.longIn(
            PREFIX + "snapshot-max-records",
            Math.max(d.snapshotMaxRecords, every),
            1,
            Long.MAX_VALUE),
        (int)
            s.bytes(
                PREFIX + "write-packet-bytes",
                d.writePacketBytes,
                MIN_PACKET_BYTES,
                MAX_PACKET_BYTES));
  }
}
