package org.dsuite.cluster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code bin/bench --help} and {@code bin/bench compare --help} render without picocli warnings: a
 * lone {@code %} in a description is a format specifier to picocli, which then prints a warning and
 * the raw text instead of the help a user asked for.
 */
class HelpTextTest {
  @Test
  void helpOfEveryBenchCommandRendersCleanly() {
    CommandLine bench = new CommandLine(new BenchMain());
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    String benchHelp;
    String compareHelp;
    try {
      benchHelp = bench.getUsageMessage();
      compareHelp = bench.getSubcommands().get("compare").getUsageMessage();
    } finally {
      System.setErr(original);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(benchHelp).contains("Usage: bench").contains("--failure");
    assertThat(compareHelp).contains("Usage: bench compare").contains("B-A and the change in");
  }
}
