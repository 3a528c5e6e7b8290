package org.dsuite.rainstorm.engine.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The lines a dead sink left past its logged length, which its restarted incarnation keeps instead
 * of cutting the file back (an HDFS truncate inside a block waits for a block recovery, i.e. a
 * DataNode heartbeat; HyDFS cannot truncate at all).
 *
 * <p>Why keeping them is exactly-once: a sink releases an output to its destination only after the
 * log record that produced it is durable, and logs the destination length only once the lines below
 * it are acknowledged. So every whole line past the logged length belongs to an output the log
 * still holds as unacknowledged, and the restarted sink writes all of those again, first, before
 * anything new ({@code SinkWriter.open}). Each kept line is skipped once when it comes again. A
 * restarted sink keeps the tail only when that holds visibly: the tail is whole lines and every one
 * of them is among the lines it is about to rewrite ({@link #coveredBy}); otherwise the file is cut
 * back (HDFS) or the restart fails (HyDFS).
 */
public final class TailLines {
  private final Map<String, Integer> lines; // line with its '\n' -> times still to skip
  private int remaining;

  private TailLines(Map<String, Integer> lines, int count) {
    this.lines = lines;
    this.remaining = count;
  }

  /** Nothing to skip. */
  public static TailLines none() {
    return new TailLines(new HashMap<>(), 0);
  }

  /** The whole lines of {@code tail}, or null if it ends inside a line (a torn last write). */
  public static TailLines parse(byte[] tail) {
    Map<String, Integer> m = new HashMap<>();
    int count = 0;
    int start = 0;
    for (int i = 0; i < tail.length; i++) {
      if (tail[i] == '\n') {
        m.merge(new String(tail, start, i + 1 - start, StandardCharsets.UTF_8), 1, Integer::sum);
        count++;
        start = i + 1;
      }
    }
    return start == tail.length ? new TailLines(m, count) : null;
  }

  /** Lines still to skip. */
  public int remaining() {
    return remaining;
  }

  /** True if every line here (with its multiplicity) is among {@code rewrites}'s lines. */
  public boolean coveredBy(TailLines rewrites) {
    for (Map.Entry<String, Integer> e : lines.entrySet()) {
      if (rewrites.lines.getOrDefault(e.getKey(), 0) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Where {@link #filter} writes the bytes it does not skip. */
  @FunctionalInterface
  public interface Target {
    void write(byte[] bytes, int off, int len) throws IOException;
  }

  /**
   * Writes {@code bytes} (whole lines; a sink writes whole releases) to {@code out}, leaving out
   * each line still to skip once. Returns the number of bytes written.
   */
  public long filter(byte[] bytes, int off, int len, Target out) throws IOException {
    if (remaining == 0) {
      out.write(bytes, off, len);
      return len;
    }
    long written = 0;
    int end = off + len;
    int runStart = off; // the bytes kept so far, written in one call per run
    for (int start = off; start < end; ) {
      int nl = start;
      while (nl < end && bytes[nl] != '\n') {
        nl++;
      }
      int next = Math.min(nl + 1, end);
      String line = new String(bytes, start, next - start, StandardCharsets.UTF_8);
      Integer n = remaining == 0 ? null : lines.get(line);
      if (n != null) {
        if (start > runStart) {
          out.write(bytes, runStart, start - runStart);
          written += start - runStart;
        }
        runStart = next;
        remaining--;
        if (n == 1) {
          lines.remove(line); // already in the file from the previous incarnation
        } else {
          lines.put(line, n - 1);
        }
      }
      start = next;
    }
    if (end > runStart) {
      out.write(bytes, runStart, end - runStart);
      written += end - runStart;
    }
    return written;
  }
}
