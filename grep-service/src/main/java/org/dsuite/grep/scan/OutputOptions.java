package org.dsuite.grep.scan;

/**
 * How selected lines are reported, as GNU grep's {@code -c -n -m -A -B -h -H -l}.
 *
 * @param maxCount stop a file after this many selected lines ({@code -m}); -1 for no limit
 * @param withFilename {@code -H} (TRUE), {@code -h} (FALSE) or GNU's default (null: names shown
 *     when more than one file is searched)
 */
public record OutputOptions(
    boolean countOnly,
    boolean lineNumbers,
    long maxCount,
    int afterContext,
    int beforeContext,
    Boolean withFilename,
    boolean filesWithMatches) {
  public OutputOptions {
    if (maxCount < -1) {
      throw new IllegalArgumentException("max count must be >= 0 (or -1 for none)");
    }
    if (afterContext < 0 || beforeContext < 0) {
      throw new IllegalArgumentException("context line counts must be >= 0");
    }
  }

  /** Plain grep: every selected line, no numbers, no context. */
  public static OutputOptions plain() {
    return new OutputOptions(false, false, -1, 0, 0, null, false);
  }

  /** True when lines themselves are printed (not only counts or file names). */
  public boolean printsLines() {
    return !countOnly && !filesWithMatches;
  }

  /** True when GNU grep would print {@code --} between non-adjacent groups. */
  public boolean contextEnabled() {
    return printsLines() && (afterContext > 0 || beforeContext > 0);
  }

  /** The same options with the file-name rule decided. */
  public OutputOptions withFilename(boolean show) {
    return new OutputOptions(
        countOnly, lineNumbers, maxCount, afterContext, beforeContext, show, filesWithMatches);
  }
}
