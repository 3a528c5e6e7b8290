package org.dsuite.cluster.bench.measure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the CPU time and resident memory of a set of processes (an engine's) while a run is
 * going. CPU seconds are the growth of utime + stime between a process's first and last sample
 * (from 0 for a process the run itself started, so its start-up counts too); peak memory is the
 * highest sum of the processes' RSS seen in one sample. A process's last moments before it exits
 * (under one interval) are missed: with 100 ms sampling that is well under 1 % of a run of seconds.
 */
public final class ProcSampler implements AutoCloseable {
  private static final class Tracked {
    final boolean fromZero;
    long firstTicks = -1;
    long lastTicks;

    Tracked(boolean fromZero) {
      this.fromZero = fromZero;
    }
  }

  private final Map<Long, Tracked> tracked = new LinkedHashMap<>();
  private final ScheduledExecutorService timer;
  private long peakRssBytes;
  private int samples;

  /** Starts sampling every {@code intervalMs}. */
  public ProcSampler(long intervalMs) {
    if (intervalMs < 1) {
      throw new IllegalArgumentException("intervalMs must be >= 1, got " + intervalMs);
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "proc-sampler");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(this::sample, 0, intervalMs, TimeUnit.MILLISECONDS);
  }

  /**
   * Adds a process. {@code startedByRun}: count all its CPU time since it started (a process the
   * run launched); otherwise only what it uses from now on (a long-running daemon).
   */
  public synchronized void track(long pid, boolean startedByRun) {
    Tracked t = tracked.computeIfAbsent(pid, p -> new Tracked(startedByRun));
    Optional<ProcStat.Sample> s = ProcStat.read(pid);
    if (s.isPresent() && t.firstTicks < 0) {
      t.firstTicks = startedByRun ? 0 : s.get().cpuTicks();
      t.lastTicks = s.get().cpuTicks();
    }
  }

  /** Takes one sample of every tracked process now (also called by the timer). */
  public synchronized void sample() {
    long rss = 0;
    for (Map.Entry<Long, Tracked> e : tracked.entrySet()) {
      Optional<ProcStat.Sample> s = ProcStat.read(e.getKey());
      if (s.isEmpty()) {
        continue;
      }
      Tracked t = e.getValue();
      if (t.firstTicks < 0) {
        t.firstTicks = t.fromZero ? 0 : s.get().cpuTicks();
      }
      t.lastTicks = s.get().cpuTicks();
      rss += s.get().rssBytes();
    }
    peakRssBytes = Math.max(peakRssBytes, rss);
    samples++;
  }

  public synchronized double cpuSeconds() {
    long ticks = 0;
    for (Tracked t : tracked.values()) {
      if (t.firstTicks >= 0) {
        ticks += t.lastTicks - t.firstTicks;
      }
    }
    return ticks / (double) ProcStat.TICKS_PER_SECOND;
  }

  public synchronized long peakRssBytes() {
    return peakRssBytes;
  }

  public synchronized int samples() {
    return samples;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
