package org.dsuite.swim.experiments;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * Explains each false positive of a 5%-loss run: for every member wrongly declared failed it prints
 * the story of the suspicion (who raised and confirmed it, when the suspect heard and refuted it,
 * which copies of the refutation towards the declaring member were lost) from the last 30 s of
 * traffic about that member. Arguments: seed, virtual seconds, [loss rate], [N].
 */
public final class FalsePositiveDiagnosis implements SimTap {
  private record Rec(long atMs, int from, int to, String type, MemberUpdate u, boolean lost) {}

  private static final long WINDOW_MS = 30_000;
  private final ArrayDeque<Rec> recent = new ArrayDeque<>();
  private final Map<MemberId, Integer> index = new HashMap<>();
  private final Set<String> incidents = new HashSet<>();
  private final Map<String, Integer> causes = new HashMap<>();

  public static void main(String[] args) {
    long seed = Long.parseLong(args[0]);
    long seconds = Long.parseLong(args[1]);
    double loss = args.length > 2 ? Double.parseDouble(args[2]) : 0.05;
    int n = args.length > 3 ? Integer.parseInt(args[3]) : 50;
    SwimConfig cfg = SwimConfig.lan();
    Simulation sim = new Simulation(seed, cfg, n, new SimNetwork().lossRate(loss));
    FalsePositiveDiagnosis d = new FalsePositiveDiagnosis();
    sim.tap(d);
    sim.startAllBootstrapped();
    for (int i = 0; i < n; i++) {
      d.index.put(sim.id(i), i);
    }
    sim.runUntil(seconds * 1000);
    System.out.printf(
        Locale.ROOT,
        "seed %d, %d s, loss %.2f, N %d: %d incidents, %d suspicions; causes %s%n",
        seed,
        seconds,
        loss,
        n,
        sim.recorder().falsePositiveIncidents(),
        sim.recorder().suspicions(),
        d.causes);
  }

  @Override
  public void sent(long nowMs, int from, int to, Message m, boolean lost) {
    while (!recent.isEmpty() && recent.peekFirst().atMs() < nowMs - WINDOW_MS) {
      recent.pollFirst();
    }
    String type = m.getClass().getSimpleName();
    for (Gossip g : m.gossip()) {
      if (g instanceof MemberUpdate u
          && (u.status() != MemberStatus.ALIVE || u.incarnation() > 0)) {
        recent.add(new Rec(nowMs, from, to, type, u, lost));
      }
    }
  }

  @Override
  public void event(long nowMs, MemberId observer, MemberEvent e, boolean subjectRunning) {
    if (e.kind() != MemberEvent.Kind.FAIL || !subjectRunning) {
      return;
    }
    MemberId s = e.member().id();
    long inc = e.member().incarnation();
    if (!incidents.add(s + "#" + inc)) {
      return;
    }
    int x = index.get(observer);
    int si = index.get(s);
    System.out.printf(
        Locale.ROOT,
        "%n== FP at %d ms: node %d declared node %d failed at incarnation %d%n",
        nowMs,
        x,
        si,
        inc);
    long firstSuspect = Long.MAX_VALUE;
    long refutedAt = -1;
    int refuteToXSent = 0;
    int refuteToXLost = 0;
    Set<Integer> originsAtX = new HashSet<>();
    boolean xOrigin = false;
    for (Rec r : recent) {
      MemberUpdate u = r.u();
      if (!u.id().equals(s)) {
        continue;
      }
      boolean aboutInc =
          u.incarnation() == inc && u.status() == MemberStatus.SUSPECT
              || u.incarnation() > inc && u.status() == MemberStatus.ALIVE;
      if (!aboutInc) {
        continue;
      }
      if (u.status() == MemberStatus.SUSPECT) {
        firstSuspect = Math.min(firstSuspect, r.atMs());
        if (r.to() == x && !r.lost()) {
          originsAtX.add(index.get(u.origin()));
        }
        if (index.get(u.origin()) == x) {
          xOrigin = true;
        }
      } else {
        if (r.from() == si && refutedAt < 0) {
          refutedAt = r.atMs();
        }
        if (r.to() == x) {
          refuteToXSent++;
          refuteToXLost += r.lost() ? 1 : 0;
        }
      }
      if (r.from() == x || r.to() == x || r.from() == si || r.to() == si) {
        System.out.printf(
            Locale.ROOT,
            "  %7d %2d -> %2d %-9s %-7s inc %d origin %2d%s%n",
            r.atMs() - nowMs,
            r.from(),
            r.to(),
            r.type(),
            u.status(),
            u.incarnation(),
            index.get(u.origin()),
            r.lost() ? " LOST" : "");
      }
    }
    Set<Integer> shown = new HashSet<>();
    for (Rec r : recent) {
      MemberUpdate u = r.u();
      if (u.id().equals(s)
          && u.incarnation() == inc
          && u.status() == MemberStatus.SUSPECT
          && shown.add(index.get(u.origin()))) {
        System.out.printf(
            Locale.ROOT,
            "  origin %2d first sent %7d ms: %2d -> %2d %s%s%n",
            index.get(u.origin()),
            r.atMs() - nowMs,
            r.from(),
            r.to(),
            r.type(),
            r.lost() ? " LOST" : "");
      }
    }
    String cause;
    if (refutedAt < 0) {
      cause = "suspect never refuted (never heard of it)";
    } else if (refuteToXSent == refuteToXLost) {
      cause = "refutation never reached the declarer (" + refuteToXSent + " copies lost)";
    } else {
      cause = "refutation reached the declarer too late or ignored";
    }
    cause += xOrigin ? ", declarer raised it" : ", declarer learned it";
    causes.merge(cause, 1, Integer::sum);
    System.out.printf(
        Locale.ROOT,
        "  first SUSPECT sent %d ms before; suspect refuted %s; origins heard by declarer %s;"
            + " refutations to declarer %d (lost %d) => %s%n",
        firstSuspect == Long.MAX_VALUE ? -1 : nowMs - firstSuspect,
        refutedAt < 0 ? "never" : (nowMs - refutedAt) + " ms before",
        originsAtX,
        refuteToXSent,
        refuteToXLost,
        cause);
  }
}
