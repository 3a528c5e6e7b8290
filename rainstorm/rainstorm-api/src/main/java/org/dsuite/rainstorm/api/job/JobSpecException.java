package org.dsuite.rainstorm.api.job;

/** A job definition that cannot run; the message says what to change. */
public final class JobSpecException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public JobSpecException(String message) {
    super(message);
  }

  public JobSpecException(String message, Throwable cause) {
    super(message, cause);
  }
}
