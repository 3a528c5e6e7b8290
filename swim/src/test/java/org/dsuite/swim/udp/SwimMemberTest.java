package org.dsuite.swim.udp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dsuite.common.net.HostPort;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.MemberStatus;
import org.dsuite.swim.api.MembershipListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several members in one JVM on loopback, talking real UDP. */
class SwimMemberTest {
  private final List<SwimMember> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    for (SwimMember m : started) {
      m.kill();
    }
  }

  private SwimMember start(SwimConfig cfg, Map<String, String> meta) {
    SwimMember m = SwimMember.start(cfg, meta);
    started.add(m);
    return m;
  }

  private static List<MemberId> ids(List<MemberInfo> infos) {
    return infos.stream().map(MemberInfo::id).toList();
  }

  @Test
  void membersJoinSeeEachOtherWithMetadataAndDetectACrash() {
    SwimConfig base = SwimConfig.local();
    SwimMember intro = start(base, Map.of("dfs", "127.0.0.1:7101"));
    SwimConfig joiner = base.with(b -> b.seeds = List.of(intro.address()));
    SwimMember b = start(joiner, Map.of("grep", "127.0.0.1:7201"));
    SwimMember c = start(joiner, Map.of());
    List<String> failedSeenByB = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    b.addListener(
        new MembershipListener() {
          @Override
          public void onFail(MemberInfo m) {
            failedSeenByB.add(m.id().toString());
            threads.add(Thread.currentThread().getName());
          }
        });

    List<MemberId> all = List.of(intro.self().id(), b.self().id(), c.self().id());
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              for (SwimMember m : List.of(intro, b, c)) {
                assertThat(ids(m.members())).containsExactlyInAnyOrderElementsOf(all);
              }
            });
    MemberInfo introSeenByC =
        c.members().stream().filter(m -> m.id().equals(intro.self().id())).findFirst().get();
    assertThat(introSeenByC.metadata()).containsEntry("dfs", "127.0.0.1:7101");

    c.kill();
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              assertThat(ids(intro.members())).doesNotContain(all.get(2));
              assertThat(ids(b.members())).doesNotContain(all.get(2));
            });
    await().atMost(Duration.ofSeconds(5)).until(() -> !failedSeenByB.isEmpty());
    assertThat(failedSeenByB).containsExactly(all.get(2).toString());
    assertThat(threads).allMatch(t -> t.startsWith("swim-events"));
  }

  @Test
  void voluntaryLeaveIsSeenAsLeftNotFailed() {
    SwimConfig base = SwimConfig.local();
    SwimMember a = start(base, Map.of());
    SwimMember b = start(base.with(x -> x.seeds = List.of(a.address())), Map.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> a.members().size() == 2);
    MemberId bId = b.self().id();
    b.leave();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                a.allKnown().stream()
                    .anyMatch(m -> m.id().equals(bId) && m.status() == MemberStatus.LEFT));
    assertThat(a.stats().core().failuresDeclared()).isZero();
  }

  @Test
  void aMemberThatLeftRejoinsUnderANewId() {
    SwimConfig base = SwimConfig.local();
    SwimMember a = start(base, Map.of());
    SwimMember b = start(base.with(x -> x.seeds = List.of(a.address())), Map.of("k", "v"));
    await().atMost(Duration.ofSeconds(10)).until(() -> a.members().size() == 2);
    MemberId first = b.self().id();
    b.leave();
    b.join(List.of());
    MemberId second = b.self().id();
    assertThat(second).isNotEqualTo(first);
    assertThat(second.address()).isEqualTo(first.address());
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(ids(a.members())).containsExactlyInAnyOrder(a.self().id(), second));
  }

  @Test
  void oversizedMetadataIsRefusedAtStart() {
    SwimConfig cfg = SwimConfig.local().with(b -> b.metadataBytesMax = 16);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> start(cfg, Map.of("dfs", "127.0.0.1:7101,127.0.0.1:7102")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metadata-bytes-max");
  }

  @Test
  void controlCommandsAnswerOverTheSocket() {
    SwimConfig base = SwimConfig.local();
    SwimMember a = start(base, Map.of());
    HostPort node = a.address();
    ControlClient.Reply self = ControlClient.call(base, node, "list_self", List.of(), 3000);
    assertThat(self.status()).isZero();
    assertThat(self.text()).startsWith(a.self().id().toString()).contains("alive");
    assertThat(ControlClient.call(base, node, "disable_sus", List.of(), 3000).text())
        .isEqualTo("suspicion off\n");
    assertThat(a.suspicionEnabled()).isFalse();
    assertThat(ControlClient.call(base, node, "bogus", List.of(), 3000).status()).isEqualTo(2);
  }

  @Test
  void theDropRateLosesProtocolMessagesButNeverControlRequests() {
    SwimConfig lossy = SwimConfig.local().with(b -> b.dropRate = 0.9);
    SwimMember a = start(lossy, Map.of());
    SwimMember b = start(lossy.with(c -> c.seeds = List.of(a.address())), Map.of());
    await("protocol messages are dropped")
        .atMost(Duration.ofSeconds(30))
        .until(() -> a.stats().dropped() + b.stats().dropped() > 0);
    for (int i = 0; i < 20; i++) {
      ControlClient.Reply r = ControlClient.call(lossy, a.address(), "list_self", List.of(), 3000);
      assertThat(r.text()).startsWith(a.self().id().toString());
    }
  }
}
