package org.dsuite.rainstorm.api;

/** A missing, unknown or invalid operator parameter; the message names the parameter. */
public final class ParamException extends OperatorException {
  private static final long serialVersionUID = 1L;

  public ParamException(String message) {
    super(message);
  }
}
