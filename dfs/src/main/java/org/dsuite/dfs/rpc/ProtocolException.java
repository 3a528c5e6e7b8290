package org.dsuite.dfs.rpc;

import java.io.IOException;

/** The peer sent something malformed or over a limit; the connection is answered and closed. */
public class ProtocolException extends IOException {
  public ProtocolException(String message) {
    super(message);
  }
}
