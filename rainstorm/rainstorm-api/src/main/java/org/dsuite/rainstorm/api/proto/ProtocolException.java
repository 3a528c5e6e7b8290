package org.dsuite.rainstorm.api.proto;

/** A line that breaks the operator line protocol; the engine treats the operator as failed. */
public final class ProtocolException extends Exception {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }
}
