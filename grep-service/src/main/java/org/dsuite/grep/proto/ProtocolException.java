package org.dsuite.grep.proto;

/** A frame or request that does not follow the protocol; the peer gets an error reply. */
public final class ProtocolException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public ProtocolException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
