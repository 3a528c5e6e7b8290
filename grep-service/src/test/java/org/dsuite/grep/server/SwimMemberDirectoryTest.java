package org.dsuite.grep.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.dsuite.common.net.HostPort;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.MemberStatus;
import org.dsuite.swim.api.Membership;
import org.dsuite.swim.api.MembershipListener;
import org.junit.jupiter.api.Test;

class SwimMemberDirectoryTest {
  /** A membership view with fixed members (the grep side only reads it). */
  record FixedMembership(List<MemberInfo> members) implements Membership {
    @Override
    public MemberInfo self() {
      return members.get(0);
    }

    @Override
    public void addListener(MembershipListener listener) {}

    @Override
    public void removeListener(MembershipListener listener) {}
  }

  static MemberInfo member(int port, MemberStatus status, Map<String, String> meta) {
    return new MemberInfo(new MemberId("127.0.0.1", port, 1), status, 0, meta);
  }

  @Test
  void listsTheGrepAddressOfMembersInTheGroup() {
    Membership m =
        new FixedMembership(
            List.of(
                member(7001, MemberStatus.ALIVE, Map.of("grep", "127.0.0.1:7301")),
                member(7002, MemberStatus.SUSPECT, Map.of("grep", "127.0.0.1:7302", "dfs", "x:1")),
                member(7003, MemberStatus.DEAD, Map.of("grep", "127.0.0.1:7303")),
                member(7004, MemberStatus.ALIVE, Map.of("dfs", "127.0.0.1:7104")),
                member(7005, MemberStatus.ALIVE, Map.of("grep", "not an address"))));
    assertThat(new SwimMemberDirectory(m).grepServers())
        .containsExactly(HostPort.parse("127.0.0.1:7301"), HostPort.parse("127.0.0.1:7302"));
  }
}
