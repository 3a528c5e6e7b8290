package org.dsuite.swim.experiments;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberStatus;
import org.dsuite.swim.core.Gossip;
import org.dsuite.swim.core.MemberEvent;
import org.dsuite.swim.core.MemberUpdate;
import org.dsuite.swim.core.Message;
import org.dsuite.swim.sim.SimNetwork;
import org.dsuite.swim.sim.SimTap;
import org.dsuite.swim.sim.Simulation;

/**
 * Traces each false positive about a starved member in the starved-member experiment ({@code
 * lan()}, same seeds and schedule) to one of two stories: the member had not yet sent its
 * refutation when it was first declared failed (it read the suspicion too late: the packet that
 * told it arrived less than its packet lag before the declaration), or it had refuted in time and
 * the refutation had not reached the declaring member. Counts both by stall length, and whether the
 * declaring member raised the suspicion itself or only confirmed one. Arguments: seeds, virtual
 * seconds per seed.
 */
public final class StarvedFalsePositiveTrace implements SimTap {
  private final Map<MemberId, Integer> index = new HashMap<>();
  private final Map<String, Long> suspectToSubjectAt = new HashMap<>(); // subject#inc, delivered
  private final Map<String, Long> refutedAt = new HashMap<>(); // subject#inc: ALIVE above inc sent
  private final Map<String, Set<MemberId>> origins = new HashMap<>(); // subject#inc -> accusers
  private final Set<String> seen = new HashSet<>();
  private final Map<String, long[]> counts = new TreeMap<>();
  private List<LifeguardStarvedExperiment.Episode> episodes = List.of();
  private long period;
  private long minMs;

  public static void main(String[] args) {
    int seeds = Integer.parseInt(args[0]);
    long durationMs = Long.parseLong(args[1]) * 1000;
    SwimConfig cfg = SwimConfig.lan();
    int n = 100;
    StarvedFalsePositiveTrace t = new StarvedFalsePositiveTrace();
    t.period = cfg.probeIntervalMs();
    t.minMs = org.dsuite.swim.core.Timeouts.suspicionMinMs(cfg.suspicionMultiplier(), n, t.period);
    for (long seed = 1; seed <= seeds; seed++) {
      Simulation sim = new Simulation(seed, cfg, n, new SimNetwork());
      t.reset();
      sim.tap(t);
      sim.startAllBootstrapped();
      for (int i = 0; i < n; i++) {
        t.index.put(sim.id(i), i);
      }
      t.episodes = LifeguardStarvedExperiment.scheduleStarvation(sim, seed, durationMs);
      sim.runUntil(durationMs);
    }
    System.out.println(
        "stall | not yet refuted: read too late | not yet refuted: had time | refuted, not yet"
            + " heard by the declarer | declarer raised it / confirmed it");
    for (Map.Entry<String, long[]> e : t.counts.entrySet()) {
      long[] c = e.getValue();
      System.out.printf(
          Locale.ROOT, "%s | %d | %d | %d | %d / %d%n", e.getKey(), c[0], c[1], c[2], c[3], c[4]);
    }
  }

  private void reset() {
    index.clear();
    suspectToSubjectAt.clear();
    refutedAt.clear();
    origins.clear();
    seen.clear();
  }

  @Override
  public void sent(long nowMs, int from, int to, Message m, boolean lost) {
    for (Gossip g : m.gossip()) {
      if (!(g instanceof MemberUpdate u)) {
        continue;
      }
      if (u.status() == MemberStatus.SUSPECT) {
        String key = u.id() + "#" + u.incarnation();
        origins.computeIfAbsent(key, k -> new HashSet<>()).add(u.origin());
        Integer subject = index.get(u.id());
        if (!lost && subject != null && subject == to) {
          suspectToSubjectAt.putIfAbsent(key, nowMs);
        }
      } else if (u.status() == MemberStatus.ALIVE
          && u.incarnation() > 0
          && index.get(u.id()) != null
          && index.get(u.id()) == from) {
        refutedAt.putIfAbsent(u.id() + "#" + (u.incarnation() - 1), nowMs);
      }
    }
  }

  @Override
  public void event(long nowMs, MemberId observer, MemberEvent e, boolean subjectRunning) {
    if (e.kind() != MemberEvent.Kind.FAIL || !subjectRunning) {
      return;
    }
    MemberId s = e.member().id();
    String key = s + "#" + e.member().incarnation();
    LifeguardStarvedExperiment.Episode during = null;
    for (LifeguardStarvedExperiment.Episode ep : episodes) {
      if (ep.member().equals(s) && nowMs >= ep.fromMs() && nowMs < ep.toMs() + ep.packetLagMs()) {
        during = ep;
      }
    }
    if (during == null || !seen.add(key)) {
      return; // about a healthy member, outside an episode, or not the first declaration
    }
    String bucket =
        during.packetLagMs() < minMs ? "shorter than min (" + minMs + " ms)" : "min or longer";
    long[] c = counts.computeIfAbsent(bucket, k -> new long[5]);
    Long refuted = refutedAt.get(key);
    if (refuted != null && refuted <= nowMs) {
      c[2]++;
    } else {
      Long told = suspectToSubjectAt.get(key);
      if (told == null || told + during.packetLagMs() > nowMs) {
        c[0]++;
      } else {
        c[1]++;
      }
    }
    if (origins.getOrDefault(key, Set.of()).contains(observer)) {
      c[3]++;
    } else {
      c[4]++;
    }
  }
}
