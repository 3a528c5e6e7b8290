package org.dsuite.grep.client;

import java.time.Duration;
import org.dsuite.common.config.Settings;

/**
 * The dgrep client's limits, from {@code grep.client.*} keys.
 *
 * @param connectTimeout how long to wait for a TCP connection ({@code
 *     grep.client.connect-timeout-ms})
 * @param readTimeout longest silence from a connected server before it counts as hung ({@code
 *     grep.client.read-timeout-ms}); servers flush partial batches well within it
 * @param maxFrameBytes largest reply frame accepted ({@code grep.client.max-frame-bytes})
 */
public record DgrepConfig(Duration connectTimeout, Duration readTimeout, int maxFrameBytes) {

  public static DgrepConfig from(Settings root) {
    Settings s = root.section("grep.client");
    return new DgrepConfig(
        // Loopback and LAN connects take microseconds to milliseconds; 2 s means down.
        s.millis(
            "connect-timeout-ms",
            Duration.ofSeconds(2),
            Duration.ofMillis(1),
            Duration.ofMinutes(5)),
        // A server sends a batch at least every flush interval while output exists, and its
        // reply once a scan ends; 30 s of silence covers scanning several GB without a match.
        s.millis(
            "read-timeout-ms", Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofHours(1)),
        // Servers send 64 KB batches; 16 MB leaves room for one very long line.
        (int) s.bytes("max-frame-bytes", 16 << 20, 1 << 10, 1 << 30));
  }
}
