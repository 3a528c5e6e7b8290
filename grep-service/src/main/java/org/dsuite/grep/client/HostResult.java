package org.dsuite.grep.client;

import org.dsuite.common.net.HostPort;
import org.dsuite.grep.proto.Done;

/** How one host's part of a query ended. */
public record HostResult(HostPort host, Outcome outcome, Done done, String detail) {
  /** The ways a host's part can end. */
  public enum Outcome {
    /** The server finished and sent DONE. */
    ANSWERED,
    /** No connection (refused, no route, name unknown, connect timeout). */
    UNREACHABLE,
    /** Connected, then silent longer than the read timeout. */
    TIMED_OUT,
    /** The connection broke before DONE (e.g. the server was killed mid-stream). */
    FAILED,
    /** The server refused the query with an ERROR reply. */
    REFUSED
  }

  public boolean answered() {
    return outcome == Outcome.ANSWERED;
  }
}
