package org.dsuite.dfs.core;

/**
 * One server on the ring.
 *
 * @param id the member ID as swim prints it ({@code host:port:startMs}); its hash is the position
 * @param address where the server's HyDFS RPC listens, {@code host:port}
 */
public record RingNode(String id, String address) {
  public RingNode {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("node id must not be empty");
    }
    if (address == null || address.isEmpty()) {
      throw new IllegalArgumentException("node address must not be empty");
    }
  }

  public long position() {
    return RingHash.of(id);
  }
}
