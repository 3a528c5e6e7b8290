package org.dsuite.dfs.server;

import java.nio.file.Path;
import java.time.Duration;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;
import org.dsuite.common.net.HostPort;

/**
 * Configuration of one HyDFS server; every key lives under {@code dfs.} (see {@link #from}).
 *
 * @param host address the RPC server binds to and announces in its swim metadata
 * @param rpcPort TCP port of the RPC server; 0 picks a free port
 * @param dataDir where file blocks and logs are kept
 * @param stateDir where the server writes its log file
 * @param localDir root of the files {@code multiappend} may read on this node; nothing outside it
 * @param replicationFactor copies of every file (first successors on the ring)
 * @param minWriteReplicas a create or append is acknowledged only when at least {@code
 *     min(minWriteReplicas, replicationFactor)} replicas (all replicas in the coordinator's view,
 *     which they must agree on) have stored it; a server whose view holds fewer waits and retries
 * @param chunkBytes size of a checksummed chunk on disk and of a data frame on the wire
 * @param maxFileBytes largest {@code create}
 * @param maxAppendBytes largest single {@code append}
 * @param maxBlocksPerFile limit on appends kept per file (bounds metadata messages)
 * @param maxConnections concurrent connections the RPC server accepts
 * @param connectTimeoutMs TCP connect timeout to another server
 * @param ioTimeoutMs a peer that sends nothing for this long is given up on
 * @param writeDeadlineMs how long a write keeps retrying (e.g. until swim removes a dead replica)
 * @param readWaitMs how long a read waits for a replica that holds the client's own writes
 * @param syncIntervalMs period of the full anti-entropy pass over all held files
 * @param syncDebounceMs wait after a membership event before syncing, to batch bursts of events
 * @param scrubIntervalMs period of the background checksum scrub; 0 disables it
 */
public record DfsConfig(
    String host,
    int rpcPort,
    Path dataDir,
    Path stateDir,
    Path localDir,
    int replicationFactor,
    int minWriteReplicas,
    int chunkBytes,
    long maxFileBytes,
    long maxAppendBytes,
    int maxBlocksPerFile,
    int maxConnections,
    int connectTimeoutMs,
    int ioTimeoutMs,
    long writeDeadlineMs,
    long readWaitMs,
    long syncIntervalMs,
    long syncDebounceMs,
    long scrubIntervalMs) {

  public DfsConfig {
    new HostPort(host, Math.max(rpcPort, 1)); // validates the host
    check(rpcPort >= 0 && rpcPort <= 65535, "dfs.rpc-port", "between 0 and 65535");
    check(replicationFactor >= 1 && replicationFactor <= 7, "dfs.replication-factor", "1..7");
    check(minWriteReplicas >= 1 && minWriteReplicas <= 7, "dfs.min-write-replicas", "1..7");
    check(chunkBytes >= 4096 && chunkBytes <= (16 << 20), "dfs.chunk-bytes", "4KB..16MB");
    check(maxFileBytes >= 1, "dfs.max-file-bytes", ">= 1");
    check(maxAppendBytes >= 1, "dfs.max-append-bytes", ">= 1");
    check(maxBlocksPerFile >= 2, "dfs.max-blocks-per-file", ">= 2");
    check(maxConnections >= 8, "dfs.max-connections", ">= 8");
    check(connectTimeoutMs >= 1, "dfs.connect-timeout-ms", ">= 1");
    check(ioTimeoutMs >= 100, "dfs.io-timeout-ms", ">= 100");
    check(writeDeadlineMs >= 100, "dfs.write-deadline-ms", ">= 100");
    check(readWaitMs >= 0, "dfs.read-wait-ms", ">= 0");
    check(syncIntervalMs >= 100, "dfs.sync-interval-ms", ">= 100");
    check(syncDebounceMs >= 0, "dfs.sync-debounce-ms", ">= 0");
    check(scrubIntervalMs >= 0, "dfs.scrub-interval-ms", ">= 0");
  }

  private static void check(boolean ok, String key, String rule) {
    if (!ok) {
      throw new ConfigException(key, "must be " + rule);
    }
  }

  /** Defaults for a real cluster. */
  public static DfsConfig lan() {
    return new DfsConfig(
        "127.0.0.1",
        7101, // one fixed port per host, so `hydfs --node host:7101` works without lookup
        Path.of("state", "dfs", "data"),
        Path.of("state", "dfs"),
        Path.of("."),
        3, // the MP3 design: survives two simultaneous failures
        3, // a server that sees fewer than 3 members (just started, partial view) must not ack a
        // write held by fewer copies than the design promises; 1- or 2-server setups lower it
        1 << 20, // 1 MiB chunks: checksum overhead < 0.001%, and 3 in flight per replica fit any
        // heap
        64L << 30, // 64 GiB: far above the MP's files, still a bound
        4L << 30,
        1_000_000, // a million appends of metadata is ~50 MB per file log: an explicit ceiling
        512,
        2_000,
        30_000, // generous: a loaded machine can stall a peer for seconds
        30_000, // swim declares a dead node within a few seconds; a write waits that out
        10_000,
        10_000, // anti-entropy: fixes anything a failed push left, without loading idle nodes
        200, // batches a burst of swim events (two failures in one period) into one pass
        600_000); // scrub every 10 minutes: reads everything, so not too often
  }

  /** One machine, many servers (tests and demos): a free port and faster background passes. */
  public static DfsConfig local() {
    DfsConfig d = lan();
    return new DfsConfig(
        d.host,
        0,
        d.dataDir,
        d.stateDir,
        d.localDir,
        d.replicationFactor,
        d.minWriteReplicas,
        d.chunkBytes,
        d.maxFileBytes,
        d.maxAppendBytes,
        d.maxBlocksPerFile,
        d.maxConnections,
        d.connectTimeoutMs,
        d.ioTimeoutMs,
        d.writeDeadlineMs,
        d.readWaitMs,
        2_000,
        100,
        60_000);
  }

  public static DfsConfig from(Settings settings) {
    return from(settings, lan());
  }

  /** Reads every {@code dfs.*} server key, each defaulting to the value in {@code d}. */
  public static DfsConfig from(Settings settings, DfsConfig d) {
    Settings s = settings.section("dfs");
    long day = Duration.ofDays(1).toMillis();
    return new DfsConfig(
        s.nonEmpty("host", d.host),
        s.intIn("rpc-port", d.rpcPort, 0, 65535),
        s.path("data-dir", d.dataDir),
        s.path("state-dir", d.stateDir),
        s.path("local-dir", d.localDir),
        s.intIn("replication-factor", d.replicationFactor, 1, 7),
        s.intIn("min-write-replicas", d.minWriteReplicas, 1, 7),
        (int) s.bytes("chunk-bytes", d.chunkBytes, 4096, 16 << 20),
        s.bytes("max-file-bytes", d.maxFileBytes, 1, Long.MAX_VALUE / 2),
        s.bytes("max-append-bytes", d.maxAppendBytes, 1, Long.MAX_VALUE / 2),
        s.intIn("max-blocks-per-file", d.maxBlocksPerFile, 2, 100_000_000),
        s.intIn("max-connections", d.maxConnections, 8, 100_000),
        ms(s, "connect-timeout-ms", d.connectTimeoutMs, 1, 600_000),
        ms(s, "io-timeout-ms", d.ioTimeoutMs, 100, 3_600_000),
        ms(s, "write-deadline-ms", d.writeDeadlineMs, 100, day),
        ms(s, "read-wait-ms", d.readWaitMs, 0, day),
        ms(s, "sync-interval-ms", d.syncIntervalMs, 100, day),
        ms(s, "sync-debounce-ms", d.syncDebounceMs, 0, 600_000),
        ms(s, "scrub-interval-ms", d.scrubIntervalMs, 0, 30 * day));
  }

  private static int ms(Settings s, String key, long dflt, long min, long max) {
    return (int)
        s.millis(key, Duration.ofMillis(dflt), Duration.ofMillis(min), Duration.ofMillis(max))
            .toMillis();
  }

  /** Replicas a write needs before it is acknowledged. */
  public int requiredWriteReplicas() {
    return Math.min(minWriteReplicas, replicationFactor);
  }

  /** The RPC address announced to other members. */
  public String address(int boundPort) {
    return new HostPort(host, boundPort).toString();
  }
}
