package org.dsuite.grep.gen;

/**
 * Patterns the generator plants with known frequencies (per generated record; an error record is
 * followed by a 3-8 line stack trace, so per-line rates are a little lower). Tests and benchmarks
 * use these names rather than guessing what the data holds.
 */
public enum PlantedPattern {
  /** "GET": the method of 5/8 of request lines, i.e. in ~43% of records. */
  FREQUENT("GET"),
  /** "threshold exceeded": WARN slow-request lines, 2% of records. */
  INFREQUENT("threshold exceeded"),
  /** "OutOfMemoryError": one record in 10,000 (0.01%), each followed by a stack trace. */
  RARE("OutOfMemoryError"),
  /** "xyzzy": never written (no vocabulary word or hex id can contain it). */
  ABSENT("xyzzy");

  /** Records per 10,000 carrying the rare pattern. */
  static final int RARE_PER_10K = 1;

  /** Records per 10,000 carrying the infrequent pattern. */
  static final int INFREQUENT_PER_10K = 200;

  private final String literal;

  PlantedPattern(String literal) {
    this.literal = literal;
  }

  public String literal() {
    return literal;
  }
}
