package org.dsuite.grep.client;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dsuite.grep.match.MatchOptions;
import org.dsuite.grep.match.PatternSyntax;
import org.dsuite.grep.scan.GrepRequest;
import org.dsuite.grep.scan.OutputOptions;
import picocli.CommandLine.Option;

/**
 * GNU grep's options that dgrep supports, as a picocli mixin: short options cluster ({@code -in})
 * and take attached values ({@code -A3}, {@code -efoo}), as with GNU getopt. Anything else is an
 * unknown option (exit status 2).
 */
public final class GrepArgs {
  @Option(
      names = {"-G", "--basic-regexp"},
      description = "PATTERN is a basic regex (default)")
  boolean basic;

  @Option(
      names = {"-E", "--extended-regexp"},
      description = "PATTERN is an extended regex")
  boolean extended;

  @Option(
      names = {"-F", "--fixed-strings"},
      description = "PATTERN is a set of fixed strings")
  boolean fixed;

  @Option(
      names = {"-e", "--regexp"},
      paramLabel = "PATTERN",
      description = "use PATTERN for matching (repeatable)")
  List<String> regexps = new ArrayList<>();

  @Option(
      names = {"-i", "-y", "--ignore-case"},
      description = "ignore case (ASCII)")
  boolean ignoreCase;

  @Option(
      names = {"-v", "--invert-match"},
      description = "select non-matching lines")
  boolean invert;

  @Option(
      names = {"-w", "--word-regexp"},
      description = "match only whole words")
  boolean word;

  @Option(
      names = {"-x", "--line-regexp"},
      description = "match only whole lines")
  boolean line;

  @Option(
      names = {"-c", "--count"},
      description = "print only a count of selected lines")
  boolean count;

  @Option(
      names = {"-n", "--line-number"},
      description = "print line numbers")
  boolean lineNumber;

  @Option(
      names = {"-m", "--max-count"},
      paramLabel = "NUM",
      description = "stop after NUM lines")
  Long maxCount;

  @Option(
      names = {"-A", "--after-context"},
      paramLabel = "NUM")
  Integer after;

  @Option(
      names = {"-B", "--before-context"},
      paramLabel = "NUM")
  Integer before;

  @Option(
      names = {"-C", "--context"},
      paramLabel = "NUM")
  Integer context;

  @Option(
      names = {"-l", "--files-with-matches"},
      description = "print only names of files")
  boolean filesWithMatches;

  private Boolean withFilename;

  @Option(
      names = {"-H", "--with-filename"},
      description = "print file names")
  void setWithFilename(boolean on) {
    withFilename = Boolean.TRUE;
  }

  @Option(
      names = {"-h", "--no-filename"},
      description = "never print file names")
  void setNoFilename(boolean on) {
    withFilename = Boolean.FALSE;
  }

  /** True when the pattern came from {@code -e} (so the first positional is not a pattern). */
  public boolean hasRegexpOptions() {
    return !regexps.isEmpty();
  }

  /**
   * Builds the request.
   *
   * @param positionalPattern the PATTERN operand, or null when {@code -e} gave the patterns
   * @throws IllegalArgumentException for a bad option value (the message is for the user)
   */
  public GrepRequest toRequest(String positionalPattern) {
    int syntaxes = (basic ? 1 : 0) + (extended ? 1 : 0) + (fixed ? 1 : 0);
    if (syntaxes > 1) {
      throw new IllegalArgumentException("conflicting matchers specified");
    }
    PatternSyntax syntax =
        extended ? PatternSyntax.EXTENDED : fixed ? PatternSyntax.FIXED : PatternSyntax.BASIC;
    List<String> raw = positionalPattern != null ? List.of(positionalPattern) : regexps;
    List<String> patterns = new ArrayList<>();
    for (String r : raw) {
      for (String p : toBytes(r).split("\n", -1)) {
        patterns.add(p);
      }
    }
    long max = maxCount == null ? -1 : maxCount;
    if (max < 0 && maxCount != null) {
      throw new IllegalArgumentException("invalid max count");
    }
    int a = after != null ? after : context != null ? context : 0;
    int b = before != null ? before : context != null ? context : 0;
    if (a < 0 || b < 0) {
      throw new IllegalArgumentException((a < 0 ? a : b) + ": invalid context length argument");
    }
    MatchOptions match = new MatchOptions(patterns, syntax, ignoreCase, invert, word, line);
    OutputOptions out =
        new OutputOptions(count, lineNumber, max, a, b, withFilename, filesWithMatches);
    return new GrepRequest(match, out);
  }

  /**
   * The pattern as bytes (one char per byte), the C-locale view GNU grep has: the JVM decoded the
   * argument with the platform's file-name encoding, so that encoding turns it back into the bytes
   * the user typed.
   */
  static String toBytes(String arg) {
    String enc = System.getProperty("sun.jnu.encoding");
    Charset cs =
        enc != null && Charset.isSupported(enc) ? Charset.forName(enc) : Charset.defaultCharset();
    return new String(arg.getBytes(cs), StandardCharsets.ISO_8859_1);
  }
}
