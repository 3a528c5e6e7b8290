package org.dsuite.rainstorm.api;

/**
 * A job cannot run an operator as configured: unknown operator name, a class that cannot be loaded
 * or is not an {@link Operator}, a column not in the header. Raised at submission or at {@code
 * open}, before any input is processed; the message is meant for the user.
 */
public class OperatorException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OperatorException(String message) {
    super(message);
  }

  public OperatorException(String message, Throwable cause) {
    super(message, cause);
  }
}
