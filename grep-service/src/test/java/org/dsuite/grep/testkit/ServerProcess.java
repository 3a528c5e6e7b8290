package org.dsuite.grep.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dsuite.common.net.HostPort;

/** A grep server running as a separate JVM, started from the test classpath. */
public final class ServerProcess implements AutoCloseable {
  private final Process process;
  private final HostPort address;

  private ServerProcess(Process process, HostPort address) {
    this.process = process;
    this.address = address;
  }

  /** Starts {@code GrepServerMain --port 0 --logs LOGS EXTRA...} and waits until it listens. */
  public static ServerProcess start(Path workDir, String logs, String... extra) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("--add-modules=jdk.incubator.vector"); // the SIMD search, as bin/dgrep-server runs it
    cmd.add("-Ddsuite.log.dir=" + workDir.resolve("server-logs"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("org.dsuite.grep.server.GrepServerMain");
    cmd.add("--port=0");
    cmd.add("--logs=" + logs);
    cmd.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile());
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    try {
      BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = r.readLine();
      String prefix = "dgrep-server listening on ";
      if (line == null || !line.startsWith(prefix)) {
        throw new IOException("server did not start: " + line);
      }
      return new ServerProcess(p, HostPort.parse(line.substring(prefix.length())));
    } catch (IOException | RuntimeException e) {
      p.destroyForcibly();
      throw e;
    }
  }

  public HostPort address() {
    return address;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL (Process.destroyForcibly on Linux) and wait for the exit. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
