package org.dsuite.dfs.client;

import java.io.IOException;

/** A HyDFS operation failed; {@link #kind()} says how (the CLI maps it to an exit code). */
public final class HydfsException extends IOException {
  /** Why an operation failed. */
  public enum Kind {
    NOT_FOUND,
    EXISTS,
    BAD_REQUEST,
    TOO_LARGE,
    UNAVAILABLE,
    CORRUPT,
    IO
  }

  private final Kind kind;

  public HydfsException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public HydfsException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
