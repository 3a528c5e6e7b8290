package org.dsuite.swim.core;

import java.util.Map;
import java.util.Objects;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberStatus;

/**
 * "Member {@code id} is {@code status} at {@code incarnation}", as disseminated.
 *
 * @param origin who raised a suspicion (distinct origins are Lifeguard's independent
 *     confirmations); equal to {@code id} for the other kinds
 * @param metadata carried by ALIVE and SUSPECT updates so a member first learned through either
 *     knows the member's service addresses; empty for DEAD and LEFT
 */
public record MemberUpdate(
    MemberId id,
    MemberStatus status,
    long incarnation,
    MemberId origin,
    Map<String, String> metadata)
    implements Gossip {
  public MemberUpdate {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(status, "status");
    if (incarnation < 0) {
      throw new IllegalArgumentException("incarnation must be >= 0, got " + incarnation);
    }
    origin = origin == null ? id : origin;
    metadata = carriesMetadata(status) ? Map.copyOf(metadata) : Map.of();
  }

  /** Whether updates of this status carry the member's metadata on the wire. */
  public static boolean carriesMetadata(MemberStatus status) {
    return status == MemberStatus.ALIVE || status == MemberStatus.SUSPECT;
  }

  public static MemberUpdate alive(MemberId id, long incarnation, Map<String, String> metadata) {
    return new MemberUpdate(id, MemberStatus.ALIVE, incarnation, id, metadata);
  }

  @Override
  public Object key() {
    return id;
  }
}
