package org.dsuite.dfs.rpc;

/**
 * Request types. Client operations go to any server, which coordinates them; replica operations
 * pass between servers. Each request is {@code [int MAGIC][byte op][body]}; the bodies are written
 * and read by {@code org.dsuite.dfs.client.ClientWrites}, {@code ClientReads}, {@code ClientAdmin}
 * / {@code ...server.WriteOps}, {@code ReadOps} and {@code ...server.ReplicaClient} / {@code
 * ...server.ReplicaOps}.
 */
public enum Op {
  CREATE(1),
  APPEND(2),
  GET(3),
  LS(4),
  STORE(5),
  MEMBERS(6),
  MERGE(7),
  DELETE(8),
  APPEND_LOCAL(9),
  R_STAT(20),
  R_CREATE(21),
  R_APPEND(22),
  R_SYNC_BLOCK(23),
  R_TOMBSTONE(24),
  R_REORDER(25),
  R_READ(26),
  R_READ_BLOCK(27),
  R_PUSH(28),
  /** Whether the server's view is complete, and its ring's member IDs ({@code ViewGate}). */
  R_VIEW(29);

  public final int code;

  Op(int code) {
    this.code = code;
  }

  public static Op of(int code) throws ProtocolException {
    for (Op op : values()) {
      if (op.code == code) {
        return op;
      }
    }
    throw new ProtocolException("unknown operation " + code);
  }
}
