package org.dsuite.dfs.rpc;

/** Response codes; every response starts with one and a message (empty when OK). */
public enum Status {
  OK(0),
  /** Send the data now (second phase of a write). */
  READY(1),
  NOT_FOUND(2),
  EXISTS(3),
  /** The replica lacks an earlier write this request depends on; it must be synced first. */
  GAP(4),
  NOT_MODIFIED(5),
  /** This replica does not yet hold the client's own writes; try another or wait. */
  BEHIND(6),
  /** A newer generation or tombstone exists here. */
  STALE(7),
  DUPLICATE(8),
  BAD_REQUEST(9),
  TOO_LARGE(10),
  UNAVAILABLE(11),
  BUSY(12),
  CORRUPT(13),
  ERROR(14),
  /**
   * This server's view places the file on other replicas than the coordinator's: the coordinator's
   * view is partial or out of date, so it must retry once the views agree.
   */
  NOT_REPLICA(15);

  public final int code;

  Status(int code) {
    this.code = code;
  }

  public static Status of(int code) throws ProtocolException {
    for (Status s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new ProtocolException("unknown status " + code);
  }
}
