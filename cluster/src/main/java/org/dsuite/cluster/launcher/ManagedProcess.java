package org.dsuite.cluster.launcher;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A process this launcher started, identified by PID <em>and</em> start time, so a recycled PID
 * belonging to someone else's process is never signalled.
 *
 * @param pid the operating-system process ID
 * @param startedAtMs the process start time (epoch ms) as the OS reports it
 */
public record ManagedProcess(long pid, long startedAtMs) {
  /** Start times the OS reports can differ from ours by clock-tick rounding. */
  private static final long START_TOLERANCE_MS = 2_000;

  static ManagedProcess of(ProcessHandle handle) {
    long start = handle.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    return new ManagedProcess(handle.pid(), start);
  }

  /** The live process, if it is still the one we started. */
  public Optional<ProcessHandle> handle() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(
            h ->
                h.info()
                    .startInstant()
                    .map(s -> Math.abs(s.toEpochMilli() - startedAtMs) <= START_TOLERANCE_MS)
                    .orElse(true));
  }

  public boolean alive() {
    return handle().isPresent();
  }

  /** SIGKILL, then waits until the process is gone. */
  public void kill() {
    handle()
        .ifPresent(
            h -> {
              h.destroyForcibly();
              await(h, Duration.ofSeconds(10));
            });
  }

  /**
   * SIGTERM (a graceful stop: leave the group, flush logs), then SIGKILL if the process is still
   * there after {@code grace}. Returns true if it stopped gracefully.
   */
  public boolean stop(Duration grace) {
    Optional<ProcessHandle> h = handle();
    if (h.isEmpty()) {
      return true;
    }
    h.get().destroy();
    if (await(h.get(), grace)) {
      return true;
    }
    h.get().destroyForcibly();
    await(h.get(), Duration.ofSeconds(10));
    return false;
  }

  private static boolean await(ProcessHandle h, Duration d) {
    try {
      h.onExit().get(d.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return !h.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !h.isAlive();
    }
  }
}
