package org.dsuite.grep.scan;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.dsuite.grep.match.CompiledQuery;
import org.dsuite.grep.match.PatternException;
import org.dsuite.grep.match.QueryBudget;

/**
 * Runs a query over local files the way {@code LC_ALL=C grep} would, writing its standard output
 * and returning its exit status (0 selected, 1 none, 2 error). Used by tests against GNU grep and
 * by the benchmark.
 */
public final class LocalGrep {
  private LocalGrep() {}

  public static int run(
      GrepRequest req, List<Path> files, OutputStream stdout, PrintStream stderr, int bufferBytes) {
    return run(req, files, stdout, stderr, bufferBytes, CompiledQuery.Engine.AUTO);
  }

  /** As above, choosing the regex engine (tests run both against GNU grep). */
  public static int run(
      GrepRequest req,
      List<Path> files,
      OutputStream stdout,
      PrintStream stderr,
      int bufferBytes,
      CompiledQuery.Engine engine) {
    CompiledQuery query;
    try {
      query = CompiledQuery.compile(req.match(), engine);
    } catch (PatternException e) {
      stderr.println("grep: " + e.getMessage());
      return 2;
    }
    OutputOptions opts = req.output();
    if (opts.withFilename() == null) {
      opts = opts.withFilename(files.size() > 1);
    }
    LineBuffer out = new LineBuffer((b, n) -> stdout.write(b, 0, n), 1 << 16, Long.MAX_VALUE);
    GrepRun run =
        new GrepRun(query, opts, QueryBudget.unlimited(), out, bufferBytes, Integer.MAX_VALUE - 64);
    boolean error = false;
    for (Path f : files) {
      try {
        if (Files.isDirectory(f)) {
          out.flush();
          stderr.println("grep: " + f + ": Is a directory");
          error = true;
          continue;
        }
        run.file(f, f.toString().getBytes(StandardCharsets.ISO_8859_1));
      } catch (NoSuchFileException e) {
        error = true;
        stderr.println("grep: " + f + ": No such file or directory");
      } catch (IOException | PatternException e) {
        error = true;
        stderr.println("grep: " + f + ": " + e.getMessage());
      }
    }
    try {
      run.flush();
      stdout.flush();
    } catch (IOException e) {
      stderr.println("grep: write error: " + e.getMessage());
      return 2;
    }
    if (error) {
      return 2;
    }
    return run.totalSelected() > 0 ? 0 : 1;
  }
}
