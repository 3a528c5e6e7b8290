package org.dsuite.grep.client;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dsuite.common.net.HostPort;
import org.dsuite.grep.proto.Query;
import org.dsuite.grep.scan.GrepRequest;
import org.dsuite.grep.scan.OutputOptions;

/**
 * The fan-out: sends one query to every host in parallel, prints each host's lines (prefixed {@code
 * host:}) as they arrive, then with {@code -c} a {@code total:N} line, and a one-line summary on
 * stderr. Returns grep's exit status: 0 if some line was selected, 1 if none, 2 if no host
 * answered.
 */
public final class Dgrep {
  private final DgrepConfig config;

  public Dgrep(DgrepConfig config) {
    this.config = config;
  }

  public int run(
      GrepRequest request,
      String glob,
      List<HostPort> hosts,
      OutputStream stdout,
      PrintStream stderr)
      throws InterruptedException {
    long start = System.nanoTime();
    OutputOptions o = request.output();
    if (o.withFilename() == null) {
      request = new GrepRequest(request.match(), o.withFilename(true));
    }
    byte[] payload = new Query(request, glob).encode();
    OutputPrinter printer = new OutputPrinter(stdout);
    HostQuery hq = new HostQuery(config);
    List<HostResult> results = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, hosts.size()));
    try {
      List<Future<HostResult>> futures = new ArrayList<>();
      for (HostPort h : hosts) {
        futures.add(pool.submit(() -> hq.query(h, payload, printer)));
      }
      for (Future<HostResult> f : futures) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof OutputPrinter.StdoutClosedException) {
            return 2; // like grep on a closed pipe: stop quietly, the reader is gone
          }
          throw new IllegalStateException("host query threw", e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    long total = 0;
    int answered = 0;
    for (HostResult r : results) {
      if (r.answered()) {
        answered++;
        total += r.done().selected();
      }
    }
    if (answered > 0 && request.output().countOnly() && !request.output().filesWithMatches()) {
      try {
        printer.printLine("total:" + total);
      } catch (IOException e) {
        stderr.println("dgrep: write error: " + e.getMessage());
        return 2;
      }
    }
    stderr.println(summary(results, answered, total, System.nanoTime() - start));
    if (answered == 0) {
      return 2;
    }
    return total > 0 ? 0 : 1;
  }

  static String summary(List<HostResult> results, int answered, long total, long nanos) {
    StringBuilder sb = new StringBuilder("dgrep: ");
    sb.append(answered).append(" of ").append(results.size()).append(" hosts answered");
    for (HostResult.Outcome kind : HostResult.Outcome.values()) {
      if (kind == HostResult.Outcome.ANSWERED) {
        continue;
      }
      List<String> names = new ArrayList<>();
      for (HostResult r : results) {
        if (r.outcome() == kind) {
          names.add(r.host() + " (" + r.detail() + ")");
        }
      }
      if (!names.isEmpty()) {
        sb.append("; ")
            .append(kind.name().toLowerCase(Locale.ROOT).replace('_', ' '))
            .append(": ")
            .append(String.join(", ", names));
      }
    }
    for (HostResult r : results) {
      if (r.answered() && r.done().failedFiles() > 0) {
        sb.append("; ")
            .append(r.host())
            .append(" could not read ")
            .append(r.done().failedFiles())
            .append(" file(s): ")
            .append(r.done().message());
      }
    }
    sb.append("; ").append(total).append(" matching lines; ");
    sb.append(String.format(Locale.ROOT, "%.3f s", nanos / 1e9));
    return sb.toString();
  }
}
