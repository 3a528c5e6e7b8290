package org.dsuite.grep.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dsuite.common.logging.LogFiles;
import org.dsuite.grep.scan.GrepRequest;
import org.dsuite.grep.scan.LocalGrep;
import org.dsuite.grep.server.GrepConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/dgrep-bench}: the grep benchmark. Against {@code LC_ALL=C grep} in the same run and on
 * the same files: single-node scan throughput, distributed {@code dgrep -c} over four local
 * servers, and the MP1 latency table. Prints Markdown tables on stdout.
 */
@Command(
    name = "dgrep-bench",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks dgrep against GNU grep on files made by dgrep-gen (machine.1..4.log).")
public final class GrepBench implements Callable<Integer> {
  @Option(
      names = "--dir",
      required = true,
      description = "directory with machine.1.log .. machine.4.log")
  Path dir;

  @Option(names = "--trials", defaultValue = "5", description = "timed trials per case")
  int trials;

  @Option(names = "--warmup", defaultValue = "2", description = "untimed runs per case (JIT)")
  int warmup;

  @Option(
      names = "--single-file",
      description =
          "file for the single-node table (default: DIR/machine.1.log); the issue asks for 1 GB,"
              + " e.g. the four files concatenated")
  Path singleFile;

  @Option(names = "--grep", defaultValue = "/usr/bin/grep", description = "the reference grep")
  String grep;

  @Option(names = "--skip-distributed", description = "only the single-node table")
  boolean skipDistributed;

  @Option(names = "--skip-single", description = "only the distributed and MP1 tables")
  boolean skipSingle;

  @Option(
      names = "--java-opts",
      defaultValue = "-Xmx512m",
      split = " ",
      description = "JVM flags of the servers")
  List<String> serverJavaOpts;

  /** One single-node case: a name and grep arguments (without the file). */
  record Case(String name, List<String> args) {}

  static final List<Case> SINGLE =
      List.of(
          new Case("frequent literal", List.of("-c", "GET")),
          new Case("rare literal", List.of("-c", "OutOfMemoryError")),
          new Case("absent literal", List.of("-c", "xyzzy")),
          new Case("-i literal", List.of("-i", "-c", "outofmemoryerror")),
          new Case("regex with literal", List.of("-c", "req=[0-9a-f]*ffff")),
          new Case("regex without literal", List.of("-E", "-c", "[0-9]{4}[a-f]{4}[0-9]")));

  public static void main(String[] args) {
    LogFiles.directTo(
        Path.of(System.getProperty("dsuite.log.dir", System.getProperty("java.io.tmpdir"))),
        "dgrep-bench");
    System.exit(new CommandLine(new GrepBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path first = dir.resolve("machine.1.log");
    if (!Files.isRegularFile(first)) {
      System.err.println("dgrep-bench: " + first + " not found; make it with bin/dgrep-gen");
      return 2;
    }
    PrintStream out = System.out;
    out.printf(
        Locale.ROOT,
        "%s, %d trials after %d warm-up runs, %s%n%n",
        dir,
        trials,
        warmup,
        Runtime.version());
    if (!skipSingle) {
      Path single = singleFile == null ? first : singleFile;
      if (!Files.isRegularFile(single)) {
        System.err.println("dgrep-bench: " + single + " not found");
        return 2;
      }
      singleNode(out, single);
    }
    if (!skipDistributed) {
      new DistributedBench(dir, trials, warmup, grep, serverJavaOpts).run(out);
    }
    return 0;
  }

  private void singleNode(PrintStream out, Path file) throws Exception {
    long size = Files.size(file);
    warmCache(file);
    out.printf(
        Locale.ROOT,
        "### Single node: one %.0f MB file, %s (page cache warm)%n%n",
        size / 1e6,
        file.getFileName());
    out.println("| case | args | GNU grep MB/s | dgrep MB/s | ratio dgrep/GNU |");
    out.println("|---|---|---:|---:|---:|");
    for (Case c : SINGLE) {
      List<String> gnuArgs = new ArrayList<>(c.args());
      gnuArgs.add(file.toString());
      GrepRequest req = GrepArgsParser.parse(c.args());
      double[] gnu = new double[trials];
      double[] ours = new double[trials];
      for (int i = 0; i < warmup; i++) {
        ExternalGrep.time(grep, gnuArgs);
        ourTime(req, file);
      }
      for (int i = 0; i < trials; i++) {
        gnu[i] = ExternalGrep.time(grep, gnuArgs);
        ours[i] = ourTime(req, file);
      }
      double g = size / 1e6 / Stats.of(gnu).median();
      double o = size / 1e6 / Stats.of(ours).median();
      out.printf(
          Locale.ROOT,
          "| %s | `%s` | %.0f | %.0f | %.2f |%n",
          c.name(),
          String.join(" ", c.args()),
          g,
          o,
          o / g);
      out.flush();
    }
    out.println();
  }

  private static double ourTime(GrepRequest req, Path file) {
    PrintStream err = new PrintStream(OutputSink.NULL, true, StandardCharsets.UTF_8);
    long t0 = System.nanoTime();
    int rc =
        LocalGrep.run(
            req, List.of(file), OutputSink.NULL, err, GrepConfig.defaults().scanBufferBytes());
    double secs = (System.nanoTime() - t0) / 1e9;
    if (rc > 1) {
      throw new IllegalStateException("dgrep scan failed");
    }
    return secs;
  }

  static void warmCache(Path file) throws IOException {
    try (var in = Files.newInputStream(file)) {
      in.transferTo(OutputSink.NULL);
    }
  }
}
