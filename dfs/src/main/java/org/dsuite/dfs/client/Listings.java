package org.dsuite.dfs.client;

import java.util.List;

/** What {@code ls}, {@code store} and {@code list_mem_ids} return. */
public final class Listings {
  private Listings() {}

  /** One replica of a file. {@code ringId} is the 16-hex-digit ring position of the member. */
  public record Replica(String memberId, String ringId, String address, String status) {}

  /** Where a file lives: its own ring ID and its replicas in ring order. */
  public record FileLocation(String name, String fileId, List<Replica> replicas) {}

  /** One file held by a server. */
  public record StoredFile(String name, String fileId, long sizeBytes, long version) {}

  /** What one server holds. */
  public record StoreListing(String memberId, String ringId, List<StoredFile> files) {}

  /** One ring member. */
  public record Member(String memberId, String ringId, String address) {}
}
