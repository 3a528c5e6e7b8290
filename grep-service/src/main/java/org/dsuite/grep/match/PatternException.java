package org.dsuite.grep.match;

/**
 * A pattern that is invalid, or valid for GNU grep but outside what this matcher supports. Either
 * way the query is refused (exit status 2): a construct we cannot match exactly as GNU grep does is
 * never matched approximately.
 */
public final class PatternException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PatternException(String message) {
    super(message);
  }
}
