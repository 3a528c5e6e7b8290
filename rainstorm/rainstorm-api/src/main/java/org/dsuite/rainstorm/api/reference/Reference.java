package org.dsuite.rainstorm.api.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.job.JobSpec;

/**
 * An independent, dead-simple implementation of jobs made of the built-in operators, computed
 * directly from the file in one sequential pass, for tests of both engines to compare against. It
 * shares no code with the operators or the CSV package: its own CSV reader ({@code NaiveCsv}), its
 * own column lookup, its own counts in a HashMap.
 *
 * <p>Rules it implements (the documented semantics of the built-ins): line 1 is the header and
 * never a data row (unless the job says {@code --no-header}); {@code filter-contains} tests the raw
 * line; the other built-ins parse the line and skip it as malformed when it is not one well-formed
 * record with exactly the header's field count; {@code select} writes the chosen fields quoted only
 * where needed; {@code count-by} emits {@code key,count} after every input.
 */
public final class Reference {
  private Reference() {}

  /** The reference output of a benchmark app on {@code file}. */
  public static ReferenceResult run(BenchmarkApp app, Path file) throws IOException {
    return run(app.job(file.toString(), "unused", 1), file);
  }

  /** The reference output of {@code job} (built-in operators only) on {@code file}. */
  public static ReferenceResult run(JobSpec job, Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
      }
    }
    return run(job, lines);
  }

  /** The reference output of {@code job} on the lines of a file (line 1 first). */
  public static ReferenceResult run(JobSpec job, List<String> fileLines) {
    List<String> header = null;
    List<String> data = fileLines;
    if (job.header() && !fileLines.isEmpty()) {
      String first = fileLines.get(0);
      header = NaiveCsv.parse(first.startsWith("\uFEFF") ? first.substring(1) : first);
      if (header == null) {
        throw new IllegalArgumentException("the header line is not valid CSV");
      }
      data = fileLines.subList(1, fileLines.size());
    }
    long[] malformed = {0};
    List<String> stream = data;
    Map<String, Long> counts = new HashMap<>();
    for (int s = 0; s < job.stageCount(); s++) {
      Map<String, String> p = job.stageParams(s).asMap();
      List<String> next = new ArrayList<>();
      String op = job.operators().get(s);
      counts = new HashMap<>();
      for (String line : stream) {
        step(op, p, header, line, next, counts, malformed);
      }
      header = headerAfter(op, p, header);
      stream = next;
    }
    boolean counting = job.operators().get(job.stageCount() - 1).equals("count-by");
    return new ReferenceResult(stream, counting ? new TreeMap<>(counts) : Map.of(), malformed[0]);
  }

  private static void step(
      String op,
      Map<String, String> p,
      List<String> header,
      String line,
      List<String> out,
      Map<String, Long> counts,
      long[] malformed) {
    if (op.equals("filter-contains")) {
      if (line.contains(p.get("pattern"))) {
        out.add(line);
      }
      return;
    }
    List<String> row = NaiveCsv.parse(line);
    if (row == null || (header != null && row.size() != header.size())) {
      malformed[0]++;
      return;
    }
    switch (op) {
      case "filter-equals" -> {
        int c = column(header, p.get("column"), row);
        if (c < 0) {
          malformed[0]++;
        } else if (row.get(c).equals(p.get("value"))) {
          out.add(line);
        }
      }
      case "select" -> {
        List<String> picked = new ArrayList<>();
        for (String name : p.get("columns").split(",")) {
          int c = column(header, name, row);
          if (c < 0) {
            malformed[0]++;
            return;
          }
          picked.add(row.get(c));
        }
        out.add(NaiveCsv.write(picked));
      }
      case "count-by" -> {
        int c = column(header, p.get("column"), row);
        if (c < 0) {
          malformed[0]++;
          return;
        }
        String key = row.get(c);
        long n = counts.merge(key, 1L, Long::sum);
        out.add(NaiveCsv.write(List.of(key, Long.toString(n))));
      }
      default -> throw new IllegalArgumentException("the reference knows only built-ins: " + op);
    }
  }

  /** The index of a column by name, else by 0-based index; -1 if the row is too short. */
  private static int column(List<String> header, String name, List<String> row) {
    int c = header == null ? -1 : header.indexOf(name);
    if (c < 0) {
      c = Integer.parseInt(name);
    }
    return c < row.size() ? c : -1;
  }

  private static List<String> headerAfter(String op, Map<String, String> p, List<String> header) {
    if (header == null) {
      return null;
    }
    return switch (op) {
      case "select" -> {
        List<String> h = new ArrayList<>();
        for (String name : p.get("columns").split(",")) {
          h.add(header.contains(name) ? name : header.get(Integer.parseInt(name)));
        }
        yield h;
      }
      case "count-by" -> {
        String name = p.get("column");
        yield List.of(header.contains(name) ? name : header.get(Integer.parseInt(name)), "count");
      }
      default -> header;
    };
  }

  /**
   * The final count per key in a {@code count-by} output (the highest count seen per key), for
   * checking an engine's output file against {@link ReferenceResult#finalCounts()}.
   *
   * @throws IllegalArgumentException for a line that is not {@code key,count}
   */
  public static Map<String, Long> finalCounts(Iterable<String> countByLines) {
    Map<String, Long> out = new TreeMap<>();
    for (String line : countByLines) {
      List<String> f = NaiveCsv.parse(line);
      if (f == null || f.size() != 2) {
        throw new IllegalArgumentException("not a key,count line: " + line);
      }
      out.merge(f.get(0), Long.parseLong(f.get(1)), Math::max);
    }
    return out;
  }
}
