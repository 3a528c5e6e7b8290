package org.dsuite.cluster.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads one process's CPU time and resident memory from Linux {@code /proc}. Parsing is in pure
 * functions so it is tested on canned text; a process that has exited reads as empty.
 */
public final class ProcStat {
  /**
   * Clock ticks per second for {@code /proc/PID/stat} times. 100 on every mainstream Linux (USER_HZ
   * is fixed by the kernel ABI, independent of CONFIG_HZ).
   */
  public static final int TICKS_PER_SECOND = 100;

  private ProcStat() {}

  /**
   * utime + stime in ticks from a {@code /proc/PID/stat} line. The command name (field 2) is in
   * parentheses and may itself contain spaces and parentheses, so fields are counted after the last
   * ')'.
   */
  public static long cpuTicks(String statLine) {
    int close = statLine.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/PID/stat line: " + statLine);
    }
    String[] f = statLine.substring(close + 1).trim().split("\\s+");
    // After the name: f[0] is field 3 (state), so field N is f[N - 3]; utime = 14, stime = 15.
    if (f.length < 13) {
      throw new IllegalArgumentException("short /proc/PID/stat line: " + statLine);
    }
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** A field in kB (e.g. {@code VmRSS}, {@code VmHWM}) of {@code /proc/PID/status}, in bytes. */
  public static OptionalLong statusBytes(String status, String field) {
    for (String line : status.split("\n")) {
      if (line.startsWith(field + ":")) {
        String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
        return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
      }
    }
    return OptionalLong.empty();
  }

  /** One reading of a live process. */
  public record Sample(long cpuTicks, long rssBytes) {}

  /** Reads the process now; empty if it no longer exists. */
  public static java.util.Optional<Sample> read(long pid) {
    Path dir = Path.of("/proc", Long.toString(pid));
    try {
      long ticks = cpuTicks(Files.readString(dir.resolve("stat")));
      long rss = statusBytes(Files.readString(dir.resolve("status")), "VmRSS").orElse(0);
      return java.util.Optional.of(new Sample(ticks, rss));
    } catch (NoSuchFileException e) {
      return java.util.Optional.empty();
    } catch (IOException | RuntimeException e) {
      // The process exited between the two reads, or /proc is not Linux's: no sample.
      return java.util.Optional.empty();
    }
  }
}
