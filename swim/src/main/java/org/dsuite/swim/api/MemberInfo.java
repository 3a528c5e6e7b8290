package org.dsuite.swim.api;

import java.util.Map;

/**
 * A snapshot of one member as the local member sees it.
 *
 * @param metadata small immutable key/value pairs the member announced when it joined, e.g. the
 *     addresses of the services it runs ({@code "dfs" -> "127.0.0.1:7101"}); fixed for the life of
 *     a member ID.
 */
public record MemberInfo(
    MemberId id, MemberStatus status, long incarnation, Map<String, String> metadata) {
  public MemberInfo {
    metadata = Map.copyOf(metadata);
  }
}
