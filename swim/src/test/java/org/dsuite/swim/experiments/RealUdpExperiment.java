package org.dsuite.swim.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.udp.SwimMember;
import org.dsuite.swim.udp.SwimStats;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A smaller run on real UDP sockets (loopback, one JVM, lan() defaults): bandwidth, false positives
 * against the drop rate, and crash detection time as the members see it.
 *
 * <pre>
 * nice mvn -o -B -pl swim verify -Psoak -Dtest=RealUdpExperiment -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@Tag("soak")
class RealUdpExperiment {
  private static final int N = 8;
  private static final long RUN_MS = Long.getLong("swim.exp.udp-ms", 40_000);

  @Test
  void bandwidthFalsePositivesAndDetectionOnLoopback() throws Exception {
    StringBuilder csv =
        new StringBuilder(
            "drop_rate,bytes_sent_per_member_s,msgs_sent_per_member_s,suspicions,false_positives_seen,refutations,crash_to_all_lists_ms\n");
    for (double drop : new double[] {0, 0.05, 0.10, 0.20}) {
      List<SwimMember> ms = new ArrayList<>();
      try {
        SwimConfig base =
            SwimConfig.lan()
                .with(
                    b -> {
                      b.port = 0;
                      b.dropRate = drop;
                    });
        ms.add(SwimMember.start(base, Map.of()));
        SwimConfig joiner = base.with(b -> b.seeds = List.of(ms.get(0).address()));
        for (int i = 1; i < N; i++) {
          ms.add(SwimMember.start(joiner, Map.of()));
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while (ms.stream().anyMatch(m -> m.members().size() < N)
            && System.currentTimeMillis() < deadline) {
          Thread.sleep(100);
        }
        Thread.sleep(RUN_MS);
        long bytes = 0;
        long msgs = 0;
        long sus = 0;
        long fp = 0;
        long ref = 0;
        double seconds = 0;
        for (SwimMember m : ms) {
          SwimStats s = m.stats();
          bytes += s.bytesSent();
          msgs += s.messagesSent();
          sus += s.core().suspicionsRaised();
          fp += s.core().revivals();
          ref += s.core().refutations();
          seconds += s.uptimeMs() / 1000.0;
        }
        SwimMember victim = ms.get(N - 1);
        MemberId vid = victim.self().id();
        victim.kill();
        long killed = System.nanoTime();
        long detectMs = -1;
        while ((System.nanoTime() - killed) / 1_000_000 < 30_000) {
          boolean all = true;
          for (SwimMember m : ms.subList(0, N - 1)) {
            all &= m.members().stream().map(MemberInfo::id).noneMatch(vid::equals);
          }
          if (all) {
            detectMs = (System.nanoTime() - killed) / 1_000_000;
            break;
          }
          Thread.sleep(20);
        }
        String line =
            String.format(
                Locale.ROOT,
                "%.2f,%.1f,%.2f,%d,%d,%d,%d%n",
                drop,
                bytes / seconds,
                msgs / seconds,
                sus,
                fp,
                ref,
                detectMs);
        csv.append(line);
        System.out.print("real UDP N=" + N + ": " + line);
      } finally {
        ms.forEach(SwimMember::kill);
      }
    }
    java.nio.file.Files.createDirectories(Charts.IMG);
    java.nio.file.Files.writeString(Charts.IMG.resolve("swim-real-udp.csv"), csv.toString());
  }
}
