package org.dsuite.dfs.core;

import java.util.Comparator;

/**
 * Identity of one write to a file: the client that issued it and that client's sequence number for
 * the file. The base written by {@code create} has {@code seq == 0}; appends count from 1. Two
 * writes with one ID are the same write (a retry), applied at most once.
 */
public record BlockId(String clientId, long seq) {
  /** Client order: by client, then by sequence. Used to append unseen blocks deterministically. */
  public static final Comparator<BlockId> CLIENT_ORDER =
      Comparator.comparing(BlockId::clientId).thenComparingLong(BlockId::seq);

  /** The longest client ID accepted, in characters. */
  public static final int MAX_CLIENT_ID_CHARS = 128;

  public BlockId {
    if (clientId == null || clientId.isEmpty() || clientId.length() > MAX_CLIENT_ID_CHARS) {
      throw new IllegalArgumentException(
          "client id must be 1.." + MAX_CLIENT_ID_CHARS + " characters");
    }
    if (seq < 0) {
      throw new IllegalArgumentException("sequence number must be >= 0, got " + seq);
    }
  }

  public boolean isBase() {
    return seq == 0;
  }

  @Override
  public String toString() {
    return clientId + "#" + seq;
  }
}
