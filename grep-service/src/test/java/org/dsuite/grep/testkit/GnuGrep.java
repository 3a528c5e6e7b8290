package org.dsuite.grep.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the reference, {@code LC_ALL=C /usr/bin/grep}, with an argument list (never a shell). */
public final class GnuGrep {
  public static final Path BINARY = Path.of("/usr/bin/grep");

  private GnuGrep() {}

  /** Exit status and standard output of one run. */
  public record Result(int status, byte[] stdout) {}

  public static Result run(Path workDir, List<String> args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(BINARY.toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    pb.environment().put("LC_ALL", "C");
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    try {
      p.getOutputStream().close();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (InputStream in = p.getInputStream()) {
        in.transferTo(out);
      }
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        throw new IOException("grep did not finish: " + args);
      }
      return new Result(p.exitValue(), out.toByteArray());
    } finally {
      p.destroyForcibly();
      p.waitFor();
    }
  }
}
