package org.dsuite.cluster.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dsuite.cluster.bench.report.Report;
import org.dsuite.cluster.bench.report.ReportCompare;
import org.dsuite.cluster.bench.report.ReportJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bench compare A.json B.json}: per-measurement, per-metric differences of two reports. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description =
        "Prints each metric of each measurement in A and B, B-A and the change in per cent.")
final class CompareCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "A.json")
  Path a;

  @Parameters(index = "1", paramLabel = "B.json")
  Path b;

  @Override
  public Integer call() throws Exception {
    Report ra;
    Report rb;
    try {
      ra = ReportJson.read(a);
      rb = ReportJson.read(b);
    } catch (java.io.IOException e) {
      System.err.println("bench compare: " + e.getMessage());
      return 2;
    }
    List<ReportCompare.Diff> diffs = ReportCompare.compare(ra, rb);
    System.out.print(ReportCompare.render(diffs));
    for (String u : ReportCompare.unmatched(ra, rb)) {
      System.out.println(u);
    }
    // grep-like: 1 when the reports have no measurement in common.
    return diffs.isEmpty() ? 1 : 0;
  }
}
