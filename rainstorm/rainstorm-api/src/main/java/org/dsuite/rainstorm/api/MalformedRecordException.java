package org.dsuite.rainstorm.api;

/**
 * An input an operator cannot process because the record is malformed (bad CSV, wrong field count).
 * Engines count such inputs and skip them; they never stop a job. An operator throws it before
 * emitting anything for that input (engines discard what was emitted during a call that throws, so
 * a partial output never escapes).
 */
public final class MalformedRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedRecordException(String message) {
    super(message);
  }

  public MalformedRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}
