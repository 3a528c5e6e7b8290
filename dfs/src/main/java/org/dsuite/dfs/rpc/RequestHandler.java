package org.dsuite.dfs.rpc;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Serves one request whose op has been read. It must read the whole request and write one whole
 * response, so the connection can carry the next request; throwing closes the connection.
 */
@FunctionalInterface
public interface RequestHandler {
  void handle(Op op, DataInputStream in, DataOutputStream out) throws IOException;
}
