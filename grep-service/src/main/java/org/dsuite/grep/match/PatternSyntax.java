package org.dsuite.grep.match;

/** Which pattern language a query uses, as GNU grep's {@code -G}, {@code -E} and {@code -F}. */
public enum PatternSyntax {
  /** POSIX basic regular expressions with GNU extensions (grep's default, {@code -G}). */
  BASIC,
  /** POSIX extended regular expressions with GNU extensions ({@code -E}). */
  EXTENDED,
  /** Fixed strings ({@code -F}). */
  FIXED
}
