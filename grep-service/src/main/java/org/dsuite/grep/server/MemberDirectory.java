package org.dsuite.grep.server;

import java.util.List;
import org.dsuite.common.net.HostPort;

/**
 * Where the grep servers of the cluster are: the seam between grep and membership. A standalone
 * server answers with itself ({@link StaticMemberDirectory}); inside a node it is backed by SWIM
 * ({@link SwimMemberDirectory}).
 */
public interface MemberDirectory {
  /** Grep-server addresses of the live members, this server included. */
  List<HostPort> grepServers();
}
