package org.dsuite.dfs.client;

import java.time.Duration;
import java.util.List;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;
import org.dsuite.common.net.HostPort;

/**
 * Configuration of a HyDFS client; keys live under {@code dfs.client.} (see {@link #from}).
 *
 * @param servers HyDFS servers to talk to, tried in order (the first is preferred)
 * @param cacheBytes capacity of the client's LRU read cache; 0 disables it
 * @param chunkBytes data frame size for uploads
 * @param connectTimeoutMs TCP connect timeout
 * @param ioTimeoutMs a server silent for this long is given up on
 * @param deadlineMs how long one operation keeps retrying across servers
 */
public record ClientConfig(
    List<String> servers,
    long cacheBytes,
    int chunkBytes,
    int connectTimeoutMs,
    int ioTimeoutMs,
    long deadlineMs) {

  public ClientConfig {
    servers = List.copyOf(servers);
    if (servers.isEmpty()) {
      throw new ConfigException("dfs.client.servers", "must name at least one server");
    }
    for (String s : servers) {
      try {
        HostPort.parse(s);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("dfs.client.servers", e.getMessage());
      }
    }
    if (cacheBytes < 0) {
      throw new ConfigException("dfs.client.cache-bytes", "must be >= 0");
    }
    if (chunkBytes < 4096 || chunkBytes > (16 << 20)) {
      throw new ConfigException("dfs.client.chunk-bytes", "must be 4KB..16MB");
    }
  }

  /**
   * Defaults: the local server on the default port, a 64 MiB cache (holds the working set of the
   * cache benchmark at its middle sizes), 1 MiB frames, and a 60 s deadline (longer than a write's
   * own 30 s wait for swim to remove a dead replica).
   */
  public static ClientConfig defaults() {
    return new ClientConfig(List.of("127.0.0.1:7101"), 64L << 20, 1 << 20, 2_000, 30_000, 60_000);
  }

  /** The defaults talking to {@code servers}. */
  public static ClientConfig of(List<String> servers) {
    ClientConfig d = defaults();
    return new ClientConfig(
        servers, d.cacheBytes, d.chunkBytes, d.connectTimeoutMs, d.ioTimeoutMs, d.deadlineMs);
  }

  public ClientConfig withServers(List<String> s) {
    return new ClientConfig(s, cacheBytes, chunkBytes, connectTimeoutMs, ioTimeoutMs, deadlineMs);
  }

  public ClientConfig withCacheBytes(long bytes) {
    return new ClientConfig(servers, bytes, chunkBytes, connectTimeoutMs, ioTimeoutMs, deadlineMs);
  }

  public ClientConfig withDeadlineMs(long ms) {
    return new ClientConfig(servers, cacheBytes, chunkBytes, connectTimeoutMs, ioTimeoutMs, ms);
  }

  public static ClientConfig from(Settings settings) {
    ClientConfig d = defaults();
    Settings s = settings.section("dfs").section("client");
    long day = Duration.ofDays(1).toMillis();
    return new ClientConfig(
        s.list("servers", d.servers),
        s.bytes("cache-bytes", d.cacheBytes, 0, Long.MAX_VALUE / 2),
        (int) s.bytes("chunk-bytes", d.chunkBytes, 4096, 16 << 20),
        (int) ms(s, "connect-timeout-ms", d.connectTimeoutMs, 1, 600_000),
        (int) ms(s, "io-timeout-ms", d.ioTimeoutMs, 100, 3_600_000),
        ms(s, "deadline-ms", d.deadlineMs, 100, day));
  }

  private static long ms(Settings s, String key, long dflt, long min, long max) {
    return s.millis(key, Duration.ofMillis(dflt), Duration.ofMillis(min), Duration.ofMillis(max))
        .toMillis();
  }
}
