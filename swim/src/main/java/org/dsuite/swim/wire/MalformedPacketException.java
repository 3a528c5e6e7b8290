package org.dsuite.swim.wire;

/** A packet that does not decode: counted and dropped at the edge, never fatal. */
public final class MalformedPacketException extends Exception {
  private static final long serialVersionUID = 1L;

  public MalformedPacketException(String message) {
    super(message, null, false, false); // no stack trace: hostile input is cheap to reject
  }
}
