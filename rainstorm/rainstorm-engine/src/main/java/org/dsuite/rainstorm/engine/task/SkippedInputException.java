package org.dsuite.rainstorm.engine.task;

/**
 * An input an operator rejected as malformed (or whose partition key could not be read). The task
 * core counts it and moves on: the operator is deterministic, so a replay rejects it again.
 */
public final class SkippedInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SkippedInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
