package org.dsuite.grep.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.dsuite.common.net.HostPort;
import org.dsuite.grep.client.Dgrep;
import org.dsuite.grep.client.DgrepConfig;
import org.dsuite.grep.scan.GrepRequest;

/**
 * Starts four grep servers as separate JVMs on 127.0.0.1, one per generated file, and times dgrep
 * against GNU grep over the same four files one after another; then the MP1 latency table.
 */
final class DistributedBench {
  private final Path dir;
  private final int trials;
  private final int warmup;
  private final String grep;
  private final List<String> javaOpts;

  DistributedBench(Path dir, int trials, int warmup, String grep, List<String> javaOpts) {
    this.dir = dir;
    this.trials = trials;
    this.warmup = warmup;
    this.grep = grep;
    this.javaOpts = javaOpts;
  }

  void run(PrintStream out) throws Exception {
    List<Path> files = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      Path f = dir.resolve("machine." + i + ".log");
      if (!Files.isRegularFile(f)) {
        throw new IOException(f + " not found: generate four files (--files 4)");
      }
      GrepBench.warmCache(f);
      files.add(f);
    }
    List<Process> servers = new ArrayList<>();
    try {
      List<HostPort> hosts = new ArrayList<>();
      for (Path f : files) {
        Process p = startServer(f);
        servers.add(p);
        hosts.add(readAddress(p));
      }
      distributedCount(out, files, hosts);
      mp1Table(out, hosts);
    } finally {
      for (Process p : servers) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private void distributedCount(PrintStream out, List<Path> files, List<HostPort> hosts)
      throws Exception {
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    out.printf(
        Locale.ROOT,
        "### Distributed: 4 servers x %.0f MB, `dgrep -c` vs GNU grep over the 4 files in turn%n%n",
        bytes / 4 / 1e6);
    out.println("| pattern | GNU grep s (median) | dgrep s (median) | ratio dgrep/GNU |");
    out.println("|---|---:|---:|---:|");
    for (List<String> args :
        List.of(
            List.of("-c", "GET"),
            List.of("-c", "OutOfMemoryError"),
            List.of("-c", "req=[0-9a-f]*ffff"))) {
      List<String> gnuArgs = new ArrayList<>(args);
      files.forEach(f -> gnuArgs.add(f.toString()));
      GrepRequest req = GrepArgsParser.parse(args);
      for (int i = 0; i < warmup; i++) {
        // Fresh server JVMs: let their JIT compile the scan loops before timing.
        ExternalGrep.time(grep, gnuArgs);
        dgrep(req, hosts);
      }
      double[] g = new double[trials];
      double[] d = new double[trials];
      for (int i = 0; i < trials; i++) {
        g[i] = ExternalGrep.time(grep, gnuArgs);
        d[i] = dgrep(req, hosts);
      }
      double gm = Stats.of(g).median();
      double dm = Stats.of(d).median();
      out.printf(
          Locale.ROOT, "| `%s` | %.3f | %.3f | %.2f |%n", String.join(" ", args), gm, dm, dm / gm);
      out.flush();
    }
    out.println();
  }

  private void mp1Table(PrintStream out, List<HostPort> hosts) throws Exception {
    out.printf(
        Locale.ROOT,
        "### MP1 table: query latency over 4 servers, %d trials, lines printed%n%n",
        trials);
    out.println("| query | pattern | matching lines | mean s | stddev s |");
    out.println("|---|---|---:|---:|---:|");
    String[][] queries = {
      {"frequent", "GET"},
      {"infrequent", "threshold exceeded"},
      {"rare", "OutOfMemoryError"},
      {"regex", "-E", "status=50[0-9] bytes=[0-9]{5} "}
    };
    for (String[] q : queries) {
      List<String> args = List.of(q).subList(1, q.length);
      GrepRequest req = GrepArgsParser.parse(args);
      for (int i = 0; i < warmup; i++) {
        dgrep(req, hosts);
      }
      double[] t = new double[trials];
      for (int i = 0; i < trials; i++) {
        t[i] = dgrep(req, hosts);
      }
      Stats s = Stats.of(t);
      out.printf(
          Locale.ROOT,
          "| %s | `%s` | %d | %.3f | %.3f |%n",
          q[0],
          String.join(" ", args),
          lastSelected,
          s.mean(),
          s.stddev());
      out.flush();
    }
    out.println();
  }

  private long lastSelected;

  private double dgrep(GrepRequest req, List<HostPort> hosts) throws InterruptedException {
    DgrepConfig cfg = new DgrepConfig(Duration.ofSeconds(2), Duration.ofSeconds(60), 16 << 20);
    PrintStream summary =
        new PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    OutputSink sink = new OutputSink();
    long t0 = System.nanoTime();
    int rc = new Dgrep(cfg).run(req, "", hosts, sink, summary);
    double secs = (System.nanoTime() - t0) / 1e9;
    if (rc > 1) {
      throw new IllegalStateException("dgrep failed");
    }
    lastSelected = countLines(sink);
    return secs;
  }

  private static long countLines(OutputSink sink) {
    return sink.lines();
  }

  private Process startServer(Path file) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--add-modules=jdk.incubator.vector"); // the SIMD search, as bin/dgrep-server runs it
    cmd.addAll(javaOpts);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("org.dsuite.grep.server.GrepServerMain");
    cmd.add("--port=0");
    cmd.add("--logs=" + file.toAbsolutePath());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    return pb.start();
  }

  private static HostPort readAddress(Process p) throws IOException {
    BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = r.readLine();
    if (line == null || !line.startsWith("dgrep-server listening on ")) {
      throw new IOException("server did not start: " + line);
    }
    return HostPort.parse(line.substring("dgrep-server listening on ".length()));
  }
}
