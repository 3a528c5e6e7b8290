package org.dsuite.grep.proto;

/** Error codes of an {@link Frames#ERROR} reply (docs/grep.md lists them). */
public enum ErrorCode {
  MALFORMED(1),
  TOO_LARGE(2),
  BAD_PATTERN(3),
  BAD_PATH(4),
  BUSY(5),
  LIMIT(6),
  TIMEOUT(7),
  INTERNAL(8);

  private final int wire;

  ErrorCode(int wire) {
    this.wire = wire;
  }

  public int wire() {
    return wire;
  }

  public static ErrorCode fromWire(int v) {
    for (ErrorCode c : values()) {
      if (c.wire == v) {
        return c;
      }
    }
    return INTERNAL;
  }
}
