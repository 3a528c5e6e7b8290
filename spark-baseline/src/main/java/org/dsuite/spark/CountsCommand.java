package org.dsuite.spark;

import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.dsuite.spark.io.CurrentCounts;
import org.dsuite.spark.job.JobPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spark-baseline counts --dest PATH}: the current counts of a running-count app. */
@Command(
    name = "spark-baseline counts",
    mixinStandardHelpOptions = true,
    description = "Prints key,count per key (the latest committed batch wins), sorted by key.")
final class CountsCommand implements Callable<Integer> {
  @Option(names = "--dest", required = true, description = "output directory of a counting app")
  String dest;

  @Override
  public Integer call() throws Exception {
    Map<String, Long> counts = CurrentCounts.read(dest, new Configuration());
    StringBuilder out = new StringBuilder();
    counts.forEach((k, v) -> out.append(JobPlan.countRow(k, v)).append('\n'));
    System.out.print(out);
    return counts.isEmpty() ? 1 : 0;
  }
}
