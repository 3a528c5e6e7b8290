package org.dsuite.grep.gen;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Writes realistic, deterministic log text: timestamps, levels, thread and component names, client
 * IPs, URLs, request ids, timings, and multi-line Java stack traces, with planted patterns of known
 * frequency (see {@link PlantedPattern}). The same seed and size give the same bytes.
 *
 * <p>Lines are assembled directly into a byte array from pre-encoded pieces (no String formatting
 * per line), so generation runs at hundreds of MB/s.
 */
public final class LogGenerator {
  private static final byte[][] METHODS =
      words("GET", "GET", "GET", "GET", "GET", "POST", "PUT", "DELETE");
  private static final byte[][] COMPONENTS =
      words(
          "org.dsuite.api.OrderService",
          "org.dsuite.api.UserController",
          "org.dsuite.store.CacheManager",
          "org.dsuite.store.JdbcRepository",
          "org.dsuite.auth.TokenValidator",
          "org.dsuite.net.HttpServer",
          "org.dsuite.batch.ReportJob",
          "org.dsuite.search.IndexWriter");
  private static final byte[][] THREADS =
      words("http-worker-", "scheduler-", "io-pool-", "main", "kafka-consumer-");
  private static final byte[][] PATHS =
      words(
          "/api/v1/orders/",
          "/api/v1/users/",
          "/api/v2/search?q=",
          "/static/img/",
          "/api/v1/cart/",
          "/health",
          "/api/v1/payments/");
  private static final byte[][] STATUS =
      words("200", "200", "200", "200", "201", "204", "304", "404", "500");
  private static final byte[][] DB_MSGS =
      words(
          "db query took ",
          "cache miss for key user:",
          "cache hit for key session:",
          "flushed batch of ",
          "index segment merged, docs=");
  private static final byte[][] EXCEPTIONS =
      words(
          "java.io.IOException: Connection reset by peer",
          "java.net.SocketTimeoutException: Read timed out",
          "java.lang.IllegalStateException: pool exhausted",
          "java.sql.SQLTransientConnectionException: connection is not available");
  private static final byte[][] FRAMES =
      words(
          "\tat org.dsuite.net.HttpServer.handle(HttpServer.java:",
          "\tat org.dsuite.store.JdbcRepository.query(JdbcRepository.java:",
          "\tat java.base/java.lang.Thread.run(Thread.java:",
          "\tat org.dsuite.api.OrderService.place(OrderService.java:",
          "\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:");
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final SplittableRandom rnd;
  private long nowMs;
  private long dayStartMs = -1;
  private byte[] datePrefix;
  private byte[] out = new byte[1 << 22];
  private int size;

  public LogGenerator(long seed) {
    this.rnd = new SplittableRandom(seed);
    this.nowMs = 1_767_225_600_000L + rnd.nextLong(86_400_000L); // some time on 2026-01-01 UTC
  }

  private static byte[][] words(String... ws) {
    byte[][] out = new byte[ws.length][];
    for (int i = 0; i < ws.length; i++) {
      out[i] = ws[i].getBytes(StandardCharsets.US_ASCII);
    }
    return out;
  }

  /** Writes about {@code bytes} bytes (whole lines; at most one record more) to {@code sink}. */
  public long write(OutputStream sink, long bytes) throws IOException {
    long written = 0;
    while (written < bytes) {
      record();
      if (size >= (1 << 21) || written + size >= bytes) {
        sink.write(out, 0, size);
        written += size;
        size = 0;
      }
    }
    return written;
  }

  /** One log record: a line, or an error line followed by a stack trace. */
  private void record() {
    nowMs += rnd.nextInt(40);
    int kind = rnd.nextInt(10_000);
    if (kind < PlantedPattern.RARE_PER_10K) {
      header("ERROR");
      put("OutOfMemoryError while serving request req=");
      hex(16);
      newline();
      stackTrace();
    } else if (kind < 100) {
      header("ERROR");
      put("request failed: ");
      put(pick(EXCEPTIONS));
      put(" req=");
      hex(16);
      newline();
      stackTrace();
    } else if (kind < 100 + PlantedPattern.INFREQUENT_PER_10K) {
      header("WARN ");
      put("slow request, threshold exceeded: took=");
      num(1000 + rnd.nextInt(9000));
      put("ms path=");
      put(pick(PATHS));
      num(rnd.nextInt(100_000));
      newline();
    } else if (kind < 7_000) {
      header("INFO ");
      put(pick(METHODS));
      put(" ");
      put(pick(PATHS));
      num(rnd.nextInt(100_000));
      put(" from ");
      ip();
      put(" status=");
      put(pick(STATUS));
      put(" bytes=");
      num(rnd.nextInt(65_536));
      put(" req=");
      hex(16);
      put(" took=");
      num(rnd.nextInt(500));
      put("ms");
      newline();
    } else {
      header(rnd.nextInt(3) == 0 ? "DEBUG" : "INFO ");
      put(pick(DB_MSGS));
      num(rnd.nextInt(10_000));
      put(rnd.nextBoolean() ? "ms" : "");
      newline();
    }
  }

  private void header(String level) {
    timestamp();
    put(" ");
    put(level);
    put(" [");
    byte[] t = pick(THREADS);
    put(t);
    if (t[t.length - 1] == '-') {
      num(rnd.nextInt(32));
    }
    put("] ");
    put(pick(COMPONENTS));
    put(" - ");
  }

  private void stackTrace() {
    int frames = 3 + rnd.nextInt(6);
    for (int i = 0; i < frames; i++) {
      put(pick(FRAMES));
      num(20 + rnd.nextInt(900));
      put(")");
      newline();
    }
  }

  private void timestamp() {
    long day = Math.floorDiv(nowMs, 86_400_000L);
    if (day * 86_400_000L != dayStartMs) {
      dayStartMs = day * 86_400_000L;
      datePrefix = (LocalDate.ofEpochDay(day) + "T").getBytes(StandardCharsets.US_ASCII);
    }
    put(datePrefix);
    int ms = (int) (nowMs - dayStartMs);
    two(ms / 3_600_000);
    put(":");
    two(ms / 60_000 % 60);
    put(":");
    two(ms / 1000 % 60);
    put(".");
    ensure(3);
    int frac = ms % 1000;
    out[size++] = (byte) ('0' + frac / 100);
    out[size++] = (byte) ('0' + frac / 10 % 10);
    out[size++] = (byte) ('0' + frac % 10);
    put("Z");
  }

  private void two(int v) {
    ensure(2);
    out[size++] = (byte) ('0' + v / 10);
    out[size++] = (byte) ('0' + v % 10);
  }

  private void ip() {
    num(10);
    put(".");
    num(rnd.nextInt(256));
    put(".");
    num(rnd.nextInt(256));
    put(".");
    num(1 + rnd.nextInt(254));
  }

  private void hex(int digits) {
    ensure(digits);
    long v = rnd.nextLong();
    for (int i = 0; i < digits; i++) {
      out[size++] = HEX[(int) (v >>> (i * 4)) & 15];
    }
  }

  private void num(int v) {
    ensure(11);
    int start = size;
    do {
      out[size++] = (byte) ('0' + v % 10);
      v /= 10;
    } while (v > 0);
    for (int i = start, j = size - 1; i < j; i++, j--) {
      byte t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
  }

  private byte[] pick(byte[][] from) {
    return from[rnd.nextInt(from.length)];
  }

  private void put(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      out[size++] = (byte) s.charAt(i);
    }
  }

  private void put(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, out, size, b.length);
    size += b.length;
  }

  private void newline() {
    ensure(1);
    out[size++] = '\n';
  }

  private void ensure(int n) {
    if (size + n > out.length) {
      out = java.util.Arrays.copyOf(out, out.length * 2);
    }
  }
}
