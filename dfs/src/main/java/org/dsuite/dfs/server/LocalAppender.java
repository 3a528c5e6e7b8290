package org.dsuite.dfs.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.dsuite.dfs.client.ClientConfig;
import org.dsuite.dfs.client.HydfsClient;
import org.dsuite.dfs.client.HydfsException;
import org.dsuite.dfs.rpc.ProtocolException;
import org.dsuite.dfs.rpc.Status;
import org.dsuite.dfs.rpc.Wire;

/**
 * One leg of {@code multiappend}: this server appends one of its own local files to a HyDFS file,
 * as a client of its own (so each node's appends carry that node's client ID). Only files under
 * {@code dfs.local-dir} can be read; the path is resolved without following it out of that
 * directory, and no shell is involved.
 */
final class LocalAppender implements AutoCloseable {
  private final HydfsNode node;
  private HydfsClient client;

  LocalAppender(HydfsNode node) {
    this.node = node;
  }

  private synchronized HydfsClient client() {
    if (client == null) {
      client = new HydfsClient(ClientConfig.of(java.util.List.of(node.address())));
    }
    return client;
  }

  void handle(DataInputStream in, DataOutputStream out) throws IOException {
    String name = ReplicaOps.readName(in);
    String relative = Wire.readString(in, 4096);
    Path file;
    try {
      file = resolve(relative);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(e.getMessage());
    }
    try {
      client().append(name, file);
      Wire.writeStatus(out, Status.OK, "");
    } catch (HydfsException e) {
      Wire.writeStatus(
          out,
          e.kind() == HydfsException.Kind.NOT_FOUND ? Status.NOT_FOUND : Status.UNAVAILABLE,
          e.getMessage());
    }
  }

  /** {@code relative} inside the local directory, or an error saying why not. */
  Path resolve(String relative) throws IOException {
    if (relative.isEmpty() || relative.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("bad local path");
    }
    Path root = node.config().localDir().toRealPath();
    Path p = root.resolve(relative).normalize();
    if (!p.startsWith(root)) {
      throw new IllegalArgumentException("local path escapes dfs.local-dir: " + relative);
    }
    if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("no such local file under dfs.local-dir: " + relative);
    }
    return p;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
    }
  }
}
