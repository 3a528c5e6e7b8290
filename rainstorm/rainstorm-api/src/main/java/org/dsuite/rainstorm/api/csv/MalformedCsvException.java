package org.dsuite.rainstorm.api.csv;

/**
 * A line that is not one RFC 4180 record. Checked on purpose: a malformed row is an operating
 * condition (counted and skipped by the engines), not a programming error.
 */
public final class MalformedCsvException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int offset;

  public MalformedCsvException(String reason, int offset) {
    super(reason + " at character " + offset);
    this.offset = offset;
  }

  /** The 0-based character offset in the line where parsing failed. */
  public int offset() {
    return offset;
  }
}
