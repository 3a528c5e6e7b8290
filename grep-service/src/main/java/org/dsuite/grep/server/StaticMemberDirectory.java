package org.dsuite.grep.server;

import java.util.List;
import org.dsuite.common.net.HostPort;

/** A fixed list of grep servers, e.g. just this one when running standalone. */
public record StaticMemberDirectory(List<HostPort> servers) implements MemberDirectory {
  public StaticMemberDirectory {
    servers = List.copyOf(servers);
  }

  @Override
  public List<HostPort> grepServers() {
    return servers;
  }
}
