package org.dsuite.spark;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.dsuite.spark.io.CommittedRows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spark-baseline rows --dest PATH}: the committed output rows of a stateless app. */
@Command(
    name = "spark-baseline rows",
    mixinStandardHelpOptions = true,
    description =
        "Prints the committed output rows (file sink: the files its _spark_metadata log lists;"
            + " DStreams: the committed batch directories).")
final class RowsCommand implements Callable<Integer> {
  @Option(names = "--dest", required = true, description = "output directory of a stateless app")
  String dest;

  @Override
  public Integer call() throws Exception {
    long[] n = {0};
    BufferedWriter out =
        new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
    CommittedRows.forEach(
        dest,
        new Configuration(),
        row -> {
          try {
            out.write(row);
            out.write('\n');
            n[0]++;
          } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    out.flush();
    return n[0] == 0 ? 1 : 0;
  }
}
