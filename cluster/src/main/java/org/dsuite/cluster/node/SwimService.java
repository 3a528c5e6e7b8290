package org.dsuite.cluster.node;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.MemberStatus;
import org.dsuite.swim.api.Membership;
import org.dsuite.swim.api.MembershipListener;
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
   * {@code swim_members{status}}: this member's view by status; {@code swim_events_total{event}}:
   * joins, suspicions, refutations, failures and leaves this member has seen, so a dashboard shows
   * false suspicions (suspect followed by alive) next to real failures.
   */
  @Override
  public void bindMetrics(MeterRegistry registry) {
    for (MemberStatus status : MemberStatus.values()) {
      Gauge.builder("swim_members", member, m -> count(m, status))
          .description("members in this node's view, by status")
          .tag("status", status.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    Gauge.builder("swim_suspicion_enabled", member, m -> m.suspicionEnabled() ? 1 : 0)
        .description("1 when the suspicion mechanism is on cluster-wide (as this node sees it)")
        .register(registry);
    Counter joins = event(registry, "join");
    Counter suspects = event(registry, "suspect");
    Counter alives = event(registry, "alive");
    Counter fails = event(registry, "fail");
    Counter leaves = event(registry, "leave");
    member.addListener(
        new MembershipListener() {
          @Override
          public void onJoin(MemberInfo m) {
            joins.increment();
          }

          @Override
          public void onSuspect(MemberInfo m) {
            suspects.increment();
          }

          @Override
          public void onAlive(MemberInfo m) {
            alives.increment();
          }

          @Override
          public void onFail(MemberInfo m) {
            fails.increment();
          }

          @Override
          public void onLeave(MemberInfo m) {
            leaves.increment();
          }
        });
  }

  private static Counter event(MeterRegistry registry, String event) {
    return Counter.builder("swim_events")
        .description("membership events this node has observed")
        .tag("event", event)
        .register(registry);
  }

  private static double count(SwimMember m, MemberStatus status) {
    return m.members().stream().filter(i -> i.status() == status).count();
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
