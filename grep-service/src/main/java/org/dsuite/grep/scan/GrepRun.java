package org.dsuite.grep.scan;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.dsuite.grep.match.CompiledQuery;
import org.dsuite.grep.match.QueryBudget;

/**
 * One query over a sequence of files, printing GNU grep's output into a {@link LineBuffer}: lines
 * with context, or {@code -c} counts, or {@code -l} names. Shared by the local runner and the
 * server, so both print the same bytes.
 */
public final class GrepRun {
  private final OutputOptions opts;
  private final FileScanner scanner;
  private final GnuFormatter formatter;
  private final LineBuffer out;
  private long totalSelected;

  /**
   * @param opts output options with the file-name rule already decided
   */
  public GrepRun(
      CompiledQuery query,
      OutputOptions opts,
      QueryBudget budget,
      LineBuffer out,
      int bufferBytes,
      int maxLineBytes) {
    if (opts.withFilename() == null) {
      throw new IllegalArgumentException("decide whether file names are shown first");
    }
    this.opts = opts;
    this.out = out;
    this.scanner = new FileScanner(query, opts, budget, bufferBytes, maxLineBytes);
    this.formatter = new GnuFormatter(out, opts.withFilename(), opts.lineNumbers());
  }

  /** Scans one file, shown as {@code displayName}; returns its selected-line count. */
  public long file(Path path, byte[] displayName) throws IOException {
    if (opts.maxCount() == 0) {
      return 0; // GNU grep -m 0 reads nothing and prints nothing, not even a -c count
    }
    formatter.startFile(displayName);
    long n;
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      n = scanner.scan(ch, formatter);
    }
    if (opts.filesWithMatches()) {
      if (n > 0) {
        formatter.fileName();
      }
    } else if (opts.countOnly()) {
      formatter.count(n);
    }
    totalSelected += n;
    return n;
  }

  /** Selected lines over all files so far (each file capped by {@code -m}). */
  public long totalSelected() {
    return totalSelected;
  }

  public void flush() throws IOException {
    out.flush();
  }
}
