package org.dsuite.rainstorm.api.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.dsuite.rainstorm.api.Tuple;
import org.dsuite.rainstorm.api.csv.CsvRecord;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.dsuite.rainstorm.api.csv.MalformedCsvException;
import org.dsuite.rainstorm.api.gen.DatasetWriter;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.api.job.StageLogic;
import org.dsuite.rainstorm.api.local.LocalPipeline;

/**
 * Single-thread throughput of the engine-free hot path on generated Traffic Signs rows held in
 * memory (so no disk or network is measured): CSV parsing, and the App1 and App2 operator chains,
 * each next to a naive {@code String.split} loop that does the same work without RFC 4180 (and so
 * gets rows with quoted commas wrong). Not a test: run it by hand, see
 * docs/benchmarks-rainstorm-api.md.
 *
 * <p>Usage: {@code ApiThroughputMain [rows=1000000] [rounds=5] [seed=1]}
 */
public final class ApiThroughputMain {
  private ApiThroughputMain() {}

  public static void main(String[] args) throws IOException {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
    List<String> lines = generate(rows, seed);
    List<Tuple> tuples = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      tuples.add(Tuple.fromSource("traffic.csv", i + 2, lines.get(i)));
    }
    CsvSchema schema = BenchmarkApps.TRAFFIC_APP1.dataset().schema();
    System.out.printf(
        "rows=%,d rounds=%d seed=%d java=%s cores=%d%n",
        rows,
        rounds,
        seed,
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors());
    System.out.printf("%-34s %14s %14s %12s%n", "case", "best rec/s", "median rec/s", "outputs");
    measure("csv parse (CsvRecord)", rounds, rows, () -> parseAll(lines));
    measure("csv parse (naive String.split)", rounds, rows, () -> splitAll(lines));
    measure(
        "App1 operators (LocalPipeline)",
        rounds,
        rows,
        () -> pipeline(BenchmarkApps.TRAFFIC_APP1, tuples, schema));
    measure(
        "App1 StageLogic functions",
        rounds,
        rows,
        () -> logic(BenchmarkApps.TRAFFIC_APP1, lines, schema));
    measure("App1 naive split loop", rounds, rows, () -> naiveApp1(lines));
    measure(
        "App2 operators (LocalPipeline)",
        rounds,
        rows,
        () -> pipeline(BenchmarkApps.TRAFFIC_APP2, tuples, schema));
    measure(
        "App2 StageLogic functions",
        rounds,
        rows,
        () -> logic(BenchmarkApps.TRAFFIC_APP2, lines, schema));
    measure("App2 naive split loop", rounds, rows, () -> naiveApp2(lines));
  }

  private static List<String> generate(int rows, long seed) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(rows * 200);
    new DatasetWriter(BenchmarkApps.TRAFFIC_APP1.dataset(), seed).write(out, rows, null, 1);
    List<String> lines = new ArrayList<>(rows + 1);
    out.toString(StandardCharsets.US_ASCII).lines().forEach(lines::add);
    return lines.subList(1, lines.size()); // drop the header
  }

  interface Case {
    long run() throws Exception;
  }

  private static void measure(String name, int rounds, int rows, Case c) {
    double[] rates = new double[rounds];
    long outputs = 0;
    try {
      c.run(); // warm-up round: JIT
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        outputs = c.run();
        rates[r] = rows / ((System.nanoTime() - t0) / 1e9);
      }
    } catch (Exception e) {
      throw new IllegalStateException(name + " failed", e);
    }
    Arrays.sort(rates);
    System.out.printf(
        "%-34s %,14.0f %,14.0f %,12d%n", name, rates[rounds - 1], rates[rounds / 2], outputs);
  }

  private static long parseAll(List<String> lines) {
    CsvRecord rec = new CsvRecord();
    long fields = 0;
    for (String line : lines) {
      try {
        fields += rec.parse(line).size();
      } catch (MalformedCsvException e) {
        fields--;
      }
    }
    return fields;
  }

  private static long splitAll(List<String> lines) {
    long fields = 0;
    for (String line : lines) {
      fields += line.split(",", -1).length;
    }
    return fields;
  }

  private static long pipeline(BenchmarkApp app, List<Tuple> tuples, CsvSchema schema) {
    JobSpec job = app.job("traffic.csv", "out", 1);
    long[] n = {0};
    try (LocalPipeline p = new LocalPipeline(job, schema)) {
      for (Tuple t : tuples) {
        p.accept(t, o -> n[0]++);
      }
    }
    return n[0];
  }

  /** The functions the Spark baseline uses, chained by hand. */
  private static long logic(BenchmarkApp app, List<String> lines, CsvSchema schema) {
    List<StageLogic> stages = app.job("traffic.csv", "out", 1).stageLogic(schema);
    StageLogic.Filter filter = (StageLogic.Filter) stages.get(0);
    StageLogic second = stages.get(1);
    Map<String, Long> counts = new HashMap<>();
    long n = 0;
    for (String line : lines) {
      if (!filter.keep().test(line)) {
        continue;
      }
      if (second instanceof StageLogic.Transform t) {
        n += t.map().apply(line) == null ? 0 : 1;
      } else {
        String key = ((StageLogic.CountBy) second).keyOf().apply(line);
        if (key != null) {
          StageLogic.CountBy.outputRow(key, counts.merge(key, 1L, Long::sum));
          n++;
        }
      }
    }
    return n;
  }

  private static long naiveApp1(List<String> lines) {
    long n = 0;
    for (String line : lines) {
      if (line.contains("Parking")) {
        String[] f = line.split(",", -1);
        String out = f[2] + "," + f[3];
        n += out.isEmpty() ? 0 : 1;
      }
    }
    return n;
  }

  private static long naiveApp2(List<String> lines) {
    Map<String, Long> counts = new HashMap<>();
    ToLongFunction<String> emit = s -> s.length();
    long n = 0;
    for (String line : lines) {
      String[] f = line.split(",", -1);
      // Sign_Post is column 6 and Category 8; a row with a comma inside a quoted field (some
      // Notes) shifts later columns, which this naive loop ignores on purpose.
      if (f.length > 8 && f[6].equals("Punched Telespar")) {
        long c = counts.merge(f[8], 1L, Long::sum);
        emit.applyAsLong(f[8] + "," + c);
        n++;
      }
    }
    return n;
  }
}
