package org.dsuite.grep.server;

import java.time.Duration;
import java.util.List;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;

/**
 * Everything a grep server needs, read from {@code grep.*} keys. Every limit a client could push
 * against is here and configurable; the defaults are chosen for log files of a few GB on a shared
 * machine.
 *
 * @param host address to bind ({@code grep.host})
 * @param port TCP port, 0 for any free port ({@code grep.port})
 * @param logs globs naming the served files, e.g. {@code logs/*.log}; the directory part before the
 *     first wildcard is the root nothing may escape ({@code grep.logs})
 * @param maxPatternBytes longest single pattern ({@code grep.max-pattern-bytes})
 * @param maxPatterns most patterns ({@code -e}) per query ({@code grep.max-patterns})
 * @param maxContextLines largest {@code -A/-B/-C} ({@code grep.max-context-lines})
 * @param maxRequestBytes largest request frame ({@code grep.max-request-bytes})
 * @param maxConcurrentQueries queries served at once; more are refused as busy ({@code
 *     grep.max-concurrent-queries})
 * @param queryTimeout time budget of one query, also what stops a backtracking regex ({@code
 *     grep.query-timeout-ms})
 * @param requestTimeout how long a connection may take to send its request ({@code
 *     grep.request-timeout-ms})
 * @param batchBytes output bytes per reply frame ({@code grep.batch-bytes})
 * @param flushInterval longest a found line waits in a partly filled batch ({@code
 *     grep.flush-interval-ms})
 * @param scanBufferBytes read window per query ({@code grep.scan-buffer-bytes})
 * @param maxLineBytes longest line a scan accepts ({@code grep.max-line-bytes})
 * @param maxFiles most files one query may scan ({@code grep.max-files})
 * @param maxWalkDepth directory depth searched under a root ({@code grep.max-walk-depth})
 */
public record GrepConfig(
    String host,
    int port,
    List<String> logs,
    int maxPatternBytes,
    int maxPatterns,
    int maxContextLines,
    int maxRequestBytes,
    int maxConcurrentQueries,
    Duration queryTimeout,
    Duration requestTimeout,
    int batchBytes,
    Duration flushInterval,
    int scanBufferBytes,
    int maxLineBytes,
    int maxFiles,
    int maxWalkDepth) {

  public GrepConfig {
    logs = List.copyOf(logs);
    if (logs.isEmpty()) {
      throw new ConfigException("grep.logs", "at least one log glob is needed");
    }
    if (maxRequestBytes < maxPatternBytes) {
      throw new ConfigException(
          "grep.max-request-bytes",
          "must be at least grep.max-pattern-bytes (" + maxPatternBytes + ")");
    }
    if (scanBufferBytes > maxLineBytes) {
      throw new ConfigException(
          "grep.scan-buffer-bytes", "must not exceed grep.max-line-bytes (" + maxLineBytes + ")");
    }
  }

  /** Defaults for one node serving its own logs. */
  public static GrepConfig defaults() {
    return from(Settings.defaults());
  }

  /** Reads {@code grep.*}; an invalid value throws {@link ConfigException} naming its key. */
  public static GrepConfig from(Settings root) {
    Settings s = root.section("grep");
    return new GrepConfig(
        s.nonEmpty("host", "127.0.0.1"),
        // 7300: outside the ranges swim (7000s) and dfs (7100s) use in the local cluster.
        s.intIn("port", 7300, 0, 65_535),
        s.list("logs", List.of("logs/*.log")),
        // Real patterns are short; a 4 KB cap keeps translation and compile cost trivial.
        s.intIn("max-pattern-bytes", 4096, 1, 1 << 20),
        // Enough for a generated alternation of many -e terms, small enough to compile fast.
        s.intIn("max-patterns", 64, 1, 10_000),
        // GNU grep has no cap; 1000 lines of context already swamps a terminal.
        s.intIn("max-context-lines", 1000, 0, 1_000_000),
        // Patterns plus framing; anything larger is not a request but an attack or a bug.
        (int) s.bytes("max-request-bytes", 64 << 10, 64, 64 << 20),
        // Two cores here: 16 queries already share them thinly; more would only queue on disk.
        s.intIn("max-concurrent-queries", 16, 1, 10_000),
        // A full scan of a few GB takes seconds; a minute means a runaway regex.
        s.millis(
            "query-timeout-ms", Duration.ofSeconds(60), Duration.ofMillis(10), Duration.ofHours(1)),
        // A client sends its request right after connecting; ten seconds is generous.
        s.millis(
            "request-timeout-ms",
            Duration.ofSeconds(10),
            Duration.ofMillis(10),
            Duration.ofMinutes(10)),
        // 64 KB frames amortise syscalls and keep per-query memory small.
        (int) s.bytes("batch-bytes", 64 << 10, 256, 16 << 20),
        // Rare matches reach the client within a tenth of a second of being found.
        s.millis("flush-interval-ms", Duration.ofMillis(100), Duration.ZERO, Duration.ofMinutes(1)),
        // 256 KB windows: the copy from the page cache and the search that follows stay in the
        // core's L2 cache; 8 MB windows spill to L3/memory and measured up to 25% slower on a
        // rare literal (docs/benchmarks-grep.md). Still few system calls (4 per MB).
        (int) s.bytes("scan-buffer-bytes", 256 << 10, 64 << 10, 1 << 30),
        // Lines beyond 64 MB are not log lines; refusing them bounds memory.
        (int) s.bytes("max-line-bytes", 64 << 20, 64 << 10, 1 << 30),
        // A glob matching more than this is a mistake (or an attempt to enumerate the disk).
        s.intIn("max-files", 10_000, 1, 1_000_000),
        s.intIn("max-walk-depth", 16, 1, 256));
  }
}
