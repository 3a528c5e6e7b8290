package org.dsuite.grep.server;

import java.util.ArrayList;
import java.util.List;
import org.dsuite.common.net.HostPort;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.Membership;

/**
 * Grep servers of the members SWIM currently counts in the group (alive or suspect): each member
 * announces its grep server in its metadata under {@value #METADATA_KEY} as {@code host:port}.
 * Members without that key, or with a malformed value, run no grep server and are left out.
 */
public final class SwimMemberDirectory implements MemberDirectory {
  /** The metadata key a node sets to its grep server's address. */
  public static final String METADATA_KEY = "grep";

  private final Membership membership;

  public SwimMemberDirectory(Membership membership) {
    this.membership = membership;
  }

  @Override
  public List<HostPort> grepServers() {
    List<HostPort> out = new ArrayList<>();
    for (MemberInfo m : membership.members()) {
      String addr = m.metadata().get(METADATA_KEY);
      if (!m.status().inGroup() || addr == null) {
        continue;
      }
      try {
        HostPort hp = HostPort.parse(addr);
        if (!out.contains(hp)) {
          out.add(hp);
        }
      } catch (IllegalArgumentException e) {
        // A member announcing a bad address cannot be queried; skip it rather than fail the list.
      }
    }
    return List.copyOf(out);
  }
}
