package org.dsuite.grep.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Times {@code LC_ALL=C grep} as a child process (argument list, no shell). Its stdout is a pipe we
 * drain: GNU grep stops at the first match when stdout is /dev/null, which would flatter it.
 */
final class ExternalGrep {
  private ExternalGrep() {}

  /** Seconds from start to exit. */
  static double time(String grep, List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(grep);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("LC_ALL", "C");
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      p.getOutputStream().close();
      try (InputStream in = p.getInputStream()) {
        in.transferTo(OutputSink.NULL);
      }
      int rc = p.waitFor();
      if (rc > 1) {
        throw new IOException("grep failed with status " + rc + ": " + args);
      }
      return (System.nanoTime() - t0) / 1e9;
    } finally {
      p.destroyForcibly();
      p.waitFor();
    }
  }
}
