package org.dsuite.rainstorm.engine.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Context switches (voluntary + involuntary) of every thread this JVM has run, read from {@code
 * /proc/self/task/TID/status} (Linux only; elsewhere always 0). Threads come and go with each job,
 * so a sampler thread reads all of them every {@link #PERIOD_MS} ms and keeps each thread's last
 * figure: a thread that ends loses at most its last period's switches, so the totals are a slight
 * undercount, the same for every build the benchmark compares.
 */
final class ContextSwitches implements AutoCloseable {
  private static final long PERIOD_MS = 250;
  private static final Path TASKS = Path.of("/proc/self/task");

  private final Map<String, Long> lastByThread = new HashMap<>(); // guarded by this
  private final Thread sampler;
  private volatile boolean closed;

  ContextSwitches() {
    sampler = new Thread(this::sampleLoop, "bench-ctx-sampler");
    sampler.setDaemon(true);
    sample();
    sampler.start();
  }

  /** Switches counted so far, over every thread seen (takes a fresh sample first). */
  long total() {
    sample();
    synchronized (this) {
      long sum = 0;
      for (long v : lastByThread.values()) {
        sum += v;
      }
      return sum;
    }
  }

  private void sampleLoop() {
    while (!closed) {
      sample();
      try {
        Thread.sleep(PERIOD_MS); // a fixed sampling period, not a wait for a condition
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample() {
    if (!Files.isDirectory(TASKS)) {
      return;
    }
    Map<String, Long> now = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path t : tasks) {
        Long v = switchesOf(t.resolve("status"));
        if (v != null) {
          now.put(t.getFileName().toString(), v);
        }
      }
    } catch (IOException e) {
      return;
    }
    synchronized (this) {
      lastByThread.putAll(now); // a thread's count only grows; an ended thread keeps its last one
    }
  }

  private static Long switchesOf(Path status) {
    try {
      // Bytes, not readAllLines: ~700 threads are read 4 times a second, and a reader per file
      // (16 KB of buffers) was ~20 MB/s of the benchmark JVM's allocation.
      String text = new String(Files.readAllBytes(status), StandardCharsets.US_ASCII);
      return field(text, "voluntary_ctxt_switches:") + field(text, "nonvoluntary_ctxt_switches:");
    } catch (IOException | RuntimeException e) {
      return null; // the thread ended while we looked
    }
  }

  /** The number after {@code name} at the start of a line of {@code text}, or 0. */
  private static long field(String text, String name) {
    int at = text.startsWith(name) ? 0 : text.indexOf("\n" + name);
    if (at < 0) {
      return 0;
    }
    int from = text.indexOf(':', at) + 1;
    int to = text.indexOf('\n', from);
    return Long.parseLong(text.substring(from, to < 0 ? text.length() : to).trim());
  }

  @Override
  public void close() {
    closed = true;
    sampler.interrupt();
  }
}
