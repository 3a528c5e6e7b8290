package org.dsuite.grep.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dsuite.grep.match.CompiledQuery;
import org.dsuite.grep.match.PatternException;
import org.dsuite.grep.match.QueryBudget;
import org.dsuite.grep.proto.Done;
import org.dsuite.grep.proto.ErrorCode;
import org.dsuite.grep.proto.Frames;
import org.dsuite.grep.proto.ProtocolException;
import org.dsuite.grep.proto.Query;
import org.dsuite.grep.scan.GrepRun;
import org.dsuite.grep.scan.LineBuffer;
import org.dsuite.grep.scan.OutputOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one QUERY: compiles it, resolves its files under the roots, scans them and streams GNU
 * grep's output back in OUTPUT frames as batches fill, then sends DONE. The scan stops when the
 * client disconnects (a watcher reading the socket sees end of stream), when a write fails, or when
 * the time budget runs out.
 */
final class QueryHandler {
  private static final Logger log = LoggerFactory.getLogger(QueryHandler.class);

  private final GrepConfig config;
  private final LogRoots roots;

  QueryHandler(GrepConfig config, LogRoots roots) {
    this.config = config;
    this.roots = roots;
  }

  /** Handles the query; a ProtocolException is answered by the caller with an ERROR frame. */
  void handle(byte[] payload, FrameWriter out, InputStream in, ActiveQueries active)
      throws IOException, ProtocolException {
    Query q =
        Query.decode(
            payload,
            new Query.Limits(
                config.maxPatterns(), config.maxPatternBytes(), config.maxContextLines()));
    CompiledQuery compiled;
    try {
      compiled = CompiledQuery.compile(q.request().match());
    } catch (PatternException e) {
      throw new ProtocolException(ErrorCode.BAD_PATTERN, e.getMessage());
    }
    List<LogRoots.LogFile> files;
    try {
      files = roots.resolve(q.glob());
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(ErrorCode.BAD_PATH, e.getMessage());
    } catch (UncheckedIOException e) {
      throw new ProtocolException(ErrorCode.BAD_PATH, "cannot list log files: " + e.getMessage());
    }
    OutputOptions opts = q.request().output();
    if (opts.withFilename() == null) {
      opts = opts.withFilename(true);
    }
    QueryBudget budget = QueryBudget.ofMillis(config.queryTimeout().toMillis());
    Thread watcher = watchForDisconnect(in, budget);
    ActiveQueries.Entry entry = active.add(out);
    try {
      LineBuffer lines =
          new LineBuffer(
              (b, n) -> out.send(Frames.OUTPUT, b, n),
              config.batchBytes(),
              config.flushInterval().toNanos());
      GrepRun run =
          new GrepRun(
              compiled, opts, budget, lines, config.scanBufferBytes(), config.maxLineBytes());
      int failed = 0;
      String firstError = "";
      for (LogRoots.LogFile f : files) {
        try {
          run.file(f.realPath(), f.displayName().getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException | PatternException e) {
          if (e instanceof IOException && budget.isCancelled()) {
            throw e;
          }
          failed++;
          if (firstError.isEmpty()) {
            firstError = f.displayName() + ": " + e.getMessage();
          }
          log.warn("query failed on {}: {}", f.displayName(), e.toString());
        }
      }
      run.flush();
      out.send(
          Frames.DONE, new Done(run.totalSelected(), files.size(), failed, firstError).encode());
    } catch (QueryBudget.BudgetExceededException e) {
      if (budget.isCancelled()) {
        log.info("query cancelled: {}", e.getMessage());
        return;
      }
      throw new ProtocolException(ErrorCode.TIMEOUT, e.getMessage());
    } finally {
      active.remove(entry);
      watcher.interrupt();
    }
  }

  /**
   * A client sends nothing after its query, so a read that returns end of stream (or fails) means
   * it went away: cancel the scan instead of finishing work nobody will read.
   */
  private static Thread watchForDisconnect(InputStream in, QueryBudget budget) {
    Thread t =
        new Thread(
            () -> {
              try {
                while (in.read() >= 0) {
                  // Bytes after the query are ignored; only the end of the stream matters.
                }
              } catch (IOException e) {
                // A reset or a closed socket means the same as end of stream.
              }
              budget.cancel("client disconnected");
            },
            "dgrep-disconnect-watch");
    t.setDaemon(true);
    t.start();
    return t;
  }
}
