package org.dsuite.grep.gen;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;
import org.dsuite.common.logging.LogFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/dgrep-gen}: writes generated logs {@code machine.<i>.log} into a directory. */
@Command(
    name = "dgrep-gen",
    mixinStandardHelpOptions = true,
    description = {
      "Writes deterministic, realistic log files machine.1.log .. machine.N.log into DIR.",
      "Planted patterns (rates per record; error records add a 3-8 line stack trace):",
      "  frequent    'GET'                 ~43% of records (request lines)",
      "  infrequent  'threshold exceeded'  2% of records (WARN slow requests)",
      "  rare        'OutOfMemoryError'    0.01% of records (1 in 10,000)",
      "  absent      'xyzzy'               never",
      "Other content: ISO timestamps, levels (INFO/DEBUG/WARN/ERROR), thread and component",
      "names, 10.x.y.z client IPs, URLs, 16-hex-digit request ids, timings, stack traces.",
      "The same --seed and --size always give the same bytes (file i uses seed*1000003+i)."
    })
public final class GeneratorMain implements Callable<Integer> {
  @Option(
      names = "--size",
      required = true,
      description = "size of EACH file, e.g. 250MB, 64KB, 1GB (1024-based)")
  String size;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", required = true, description = "output directory (created if needed)")
  Path out;

  @Option(
      names = "--files",
      defaultValue = "1",
      description = "number of files (default ${DEFAULT-VALUE})")
  int files;

  public static void main(String[] args) {
    LogFiles.directTo(
        Path.of(System.getProperty("dsuite.log.dir", System.getProperty("java.io.tmpdir"))),
        "dgrep-gen");
    System.exit(new CommandLine(new GeneratorMain()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    long bytes;
    try {
      bytes =
          Settings.builder()
              .set("grep.gen.size", size)
              .build()
              .bytes("grep.gen.size", 0, 1, 1L << 40);
    } catch (ConfigException e) {
      System.err.println("dgrep-gen: --size: " + e.getMessage());
      return 2;
    }
    if (files < 1 || files > 1000) {
      System.err.println("dgrep-gen: --files must be between 1 and 1000");
      return 2;
    }
    Files.createDirectories(out);
    long start = System.nanoTime();
    long total = 0;
    for (int i = 1; i <= files; i++) {
      Path file = out.resolve("machine." + i + ".log");
      try (OutputStream os = Files.newOutputStream(file)) {
        total += new LogGenerator(seedFor(seed, i)).write(os, bytes);
      }
      System.out.println(file);
    }
    double secs = (System.nanoTime() - start) / 1e9;
    System.err.printf(
        "dgrep-gen: %d bytes in %d file(s), %.1f MB/s%n", total, files, total / 1e6 / secs);
    return 0;
  }

  /** The seed of file {@code i} (1-based). */
  public static long seedFor(long seed, int i) {
    return seed * 1_000_003L + i;
  }
}
