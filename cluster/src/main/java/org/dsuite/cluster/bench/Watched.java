package org.dsuite.cluster.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.dsuite.cluster.bench.measure.ProcSampler;

/**
 * A process a run started: its start time, sampled by the run's {@link ProcSampler}, waited for
 * with a deadline and always ended by PID ({@link #close}), also when the run fails.
 */
final class Watched implements AutoCloseable {
  final Process process;
  final long startedAtMs;
  private final Path logFile;

  private Watched(Process process, long startedAtMs, Path logFile) {
    this.process = process;
    this.startedAtMs = startedAtMs;
    this.logFile = logFile;
  }

  /** Processes started and not yet closed, for the bench's shutdown hook. */
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static Watched start(ProcessBuilder pb, ProcSampler sampler) throws IOException {
    long t0 = System.currentTimeMillis();
    Process p = pb.start();
    LIVE.add(p);
    sampler.track(p.pid(), true);
    File out = pb.redirectOutput().file();
    return new Watched(p, t0, out == null ? Path.of("/dev/null") : out.toPath());
  }

  /** Where the process's output goes, for error messages. */
  Path logFile() {
    return logFile;
  }

  /** Waits until the process exits; false if it is still running at {@code deadlineMs}. */
  boolean awaitExit(long deadlineMs) throws InterruptedException {
    long left = deadlineMs - System.currentTimeMillis();
    return left > 0 && process.waitFor(left, TimeUnit.MILLISECONDS);
  }

  /** Asks the process to stop (SIGTERM), then SIGKILL after {@code graceMs}. */
  void stop(long graceMs) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly().waitFor();
    LIVE.remove(process);
  }

  /** SIGKILLs every process a run started and has not closed (Ctrl-C of the bench). */
  static void killAll() {
    for (Process p : LIVE) {
      p.destroyForcibly();
    }
  }
}
