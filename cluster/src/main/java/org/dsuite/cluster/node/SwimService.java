package org.dsuite.cluster.node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.Membership;
import org.dsuite.swim.udp.SwimMember;

/**
 * The node's swim member. It announces every address of this node's services in its metadata, so
 * dfs, grep and rainstorm on other nodes find them; on stop it leaves the group gracefully.
 */
final class SwimService implements NodeService {
  static final ServiceFactory FACTORY =
      (node, settings) -> {
        SwimConfig config = SwimConfig.from(settings);
        return context -> new SwimService(SwimMember.start(config, context.metadata()));
      };

  private final SwimMember member;

  private SwimService(SwimMember member) {
    this.member = member;
  }

  Membership membership() {
    return member;
  }

  @Override
  public String name() {
    return "swim";
  }

  @Override
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("self", member.self().id().toString());
    s.put("suspicion", member.suspicionEnabled());
    List<Map<String, Object>> members =
        member.members().stream().map(SwimService::describe).toList();
    s.put("members", members);
    return s;
  }

  private static Map<String, Object> describe(MemberInfo m) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("id", m.id().toString());
    d.put("status", m.status().name());
    d.put("incarnation", m.incarnation());
    d.put("metadata", m.metadata());
    return d;
  }

  /**
   * Leaves first, so the group stops routing to this node while its other services still answer.
   */
  @Override
  public void prepareToStop() {
    member.leave();
  }

  @Override
  public void close() {
    member.close();
  }
}
