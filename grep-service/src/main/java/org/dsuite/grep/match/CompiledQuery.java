package org.dsuite.grep.match;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A query's patterns compiled once: the Java regex (if one is needed) and the literal every
 * matching line must contain (if there is one). Immutable and shareable; each scan takes its own
 * {@link LineSelector}.
 */
public final class CompiledQuery {
  private static final String WORD = "[A-Za-z0-9_]";

  private final MatchOptions options;
  private final Pattern regex;
  private final String literal;
  private final boolean literalOnly;
  private final boolean matchAll;
  private final Nfa nfa;
  private final boolean literalIsPrefix;

  private CompiledQuery(
      MatchOptions options,
      Pattern regex,
      String literal,
      boolean literalOnly,
      boolean matchAll,
      Nfa nfa,
      boolean literalIsPrefix) {
    this.options = options;
    this.regex = regex;
    this.literal = literal;
    this.literalOnly = literalOnly;
    this.matchAll = matchAll;
    this.nfa = nfa;
    this.literalIsPrefix = literalIsPrefix;
  }

  /** Which engine decides lines that the literal alone cannot. */
  public enum Engine {
    /**
     * The lazy DFA where the pattern allows it (no back-references, no -w), else java.util.regex.
     */
    AUTO,
    /** Always java.util.regex (for comparing the engines). */
    BACKTRACKING
  }

  /**
   * Translates and compiles; a pattern that is invalid or unsupported throws {@link
   * PatternException} with GNU grep's wording where there is one.
   */
  public static CompiledQuery compile(MatchOptions options) {
    return compile(options, Engine.AUTO);
  }

  /** As {@link #compile(MatchOptions)}, choosing the engine. */
  public static CompiledQuery compile(MatchOptions options, Engine engine) {
    StringBuilder joined = new StringBuilder();
    int groups = 0;
    Translation single = null;
    for (String p : options.patterns()) {
      Translation t = PosixTranslator.translate(p, options.syntax(), groups);
      groups += t.groups();
      joined.append(joined.length() == 0 ? "" : "|").append("(?:").append(t.regex()).append(')');
      single = t;
    }
    boolean one = options.patterns().size() == 1;
    boolean plain = !options.wordRegexp() && !options.lineRegexp();
    String literal = one ? single.requiredLiteral() : "";
    boolean literalOnly = one && plain && single.pureLiteral() && !literal.isEmpty();
    boolean matchAll = plain && options.patterns().stream().anyMatch(String::isEmpty);
    String source = joined.toString();
    if (options.wordRegexp() && !options.lineRegexp()) {
      source = "(?<!" + WORD + ")(?:" + source + ")(?!" + WORD + ")";
    }
    int flags = Pattern.UNIX_LINES | (options.ignoreCase() ? Pattern.CASE_INSENSITIVE : 0);
    Pattern regex;
    try {
      regex = Pattern.compile(source, flags);
    } catch (PatternSyntaxException e) {
      throw new PatternException("pattern not supported by the matcher: " + e.getDescription());
    }
    Nfa nfa = null;
    if (engine == Engine.AUTO) {
      // Look-arounds (-w, \<, \b) and back-references make the parse fail: those stay on
      // java.util.regex, under the query's time budget.
      RegexNode tree = DfaSubsetParser.parse(source, options.ignoreCase());
      nfa = tree == null ? null : Nfa.build(tree);
    }
    boolean prefix = one && !options.lineRegexp() && single.literalIsPrefix() && !literal.isEmpty();
    return new CompiledQuery(options, regex, literal, literalOnly, matchAll, nfa, prefix);
  }

  public MatchOptions options() {
    return options;
  }

  Pattern regex() {
    return regex;
  }

  /** The literal a byte search looks for first, or empty if the regex must see every line. */
  public String literal() {
    return literal;
  }

  /** True when finding the literal alone decides a match (no regex runs). */
  public boolean literalOnly() {
    return literalOnly;
  }

  /** The NFA for the linear-time engine, or null when java.util.regex must be used. */
  Nfa nfa() {
    return nfa;
  }

  /** True when every match starts with {@link #literal()} (and -x is off). */
  boolean literalIsPrefix() {
    return literalIsPrefix;
  }

  /** Which engine runs: "dfa" or "java.util.regex" (for logs and benchmarks). */
  public String engineName() {
    return nfa != null ? "dfa" : "java.util.regex";
  }

  /** True when every line matches (an empty pattern without -w/-x). */
  boolean matchAll() {
    return matchAll;
  }

  /** A fresh, single-threaded selector for one scan under {@code budget}. */
  public LineSelector selector(QueryBudget budget) {
    return new LineSelector(this, budget);
  }
}
