package org.dsuite.swim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;
import org.dsuite.common.net.HostPort;

/**
 * Configuration of one SWIM member; every key lives under {@code swim.} (see {@link #from}).
 *
 * @param host address other members reach this member on (part of its member ID)
 * @param port UDP port; 0 picks a free port (tests and {@link #local()})
 * @param seeds introducers tried in order on join and re-tried by anti-entropy while absent
 * @param probeIntervalMs protocol period: one probe per period
 * @param probeTimeoutMs wait for a direct ack before asking {@code indirectChecks} helpers
 * @param indirectChecks k: members asked to ping-req a target that missed its ack
 * @param suspicion initial suspicion switch (PingAck+S when true, PingAck when false); changed
 *     cluster-wide at run time by {@code enable_sus}/{@code disable_sus}
 * @param suspicionMultiplier min suspicion timeout = this x max(1, log10 N) x probe interval
 * @param suspicionMaxMultiplier max suspicion timeout = this x min (Lifeguard starts at max and
 *     shrinks towards min with independent confirmations)
 * @param lifeguard local health multiplier, nacks, shrinking suspicion timeout, buddy system
 * @param localHealthMax upper bound of the local health multiplier
 * @param lagRefutationMs lag-aware self-refutation: a member that handles a packet at least this
 *     long after it arrived, or whose own timer fires this long after it was due (a stalled
 *     process), assumes it is suspected, raises its incarnation (at most once per probe interval)
 *     and puts its ALIVE first on every message it sends until it is on time again; 0 turns it off
 * @param retransmitMultiplier lambda: each update is piggybacked lambda x ceil(log2(N+1)) times
 * @param syncIntervalMs anti-entropy: each member exchanges its full state with one random member
 *     this often at 32 members, proportionally more rarely in larger groups (constant bytes per
 *     member per second), never more often than once a probe interval
 * @param forgetAfterMs dead and left members are forgotten this long after the transition
 * @param joinTimeoutMs how long {@code start} waits for a seed to answer before returning
 * @param leaveWaitMs how long {@code leave} keeps answering so the leave spreads
 * @param packetBytesMax largest UDP payload sent (fits an Ethernet MTU with IP/UDP headers)
 * @param metadataBytesMax encoded size limit of a member's metadata map
 * @param membersMax limit on the member table (a flood of fake IDs cannot exhaust memory)
 * @param dropRate experiment hook: fraction of received packets dropped on purpose
 * @param clusterKey shared secret; when non-empty every packet carries an HMAC-SHA256 tag
 * @param replayWindowMs authenticated packets older (or newer) than this are rejected
 * @param stateDir where the CLI writes its log
 */
public record SwimConfig(
    String host,
    int port,
    List<HostPort> seeds,
    long probeIntervalMs,
    long probeTimeoutMs,
    int indirectChecks,
    boolean suspicion,
    double suspicionMultiplier,
    double suspicionMaxMultiplier,
    boolean lifeguard,
    int localHealthMax,
    long lagRefutationMs,
    int retransmitMultiplier,
    long syncIntervalMs,
    long forgetAfterMs,
    long joinTimeoutMs,
    long leaveWaitMs,
    int packetBytesMax,
    int metadataBytesMax,
    int membersMax,
    double dropRate,
    String clusterKey,
    long replayWindowMs,
    Path stateDir) {

  /** Smallest packet that still holds a header, an auth trailer and one large update. */
  public static final int PACKET_BYTES_MIN = 576;

  public SwimConfig {
    new HostPort(host, Math.max(port, 1)); // validates the host
    check(port >= 0 && port <= 65535, "port", "between 0 and 65535");
    seeds = List.copyOf(seeds);
    check(probeIntervalMs >= 10, "probe-interval-ms", ">= 10");
    check(
        probeTimeoutMs >= 1 && probeTimeoutMs < probeIntervalMs,
        "probe-timeout-ms",
        ">= 1 and < probe-interval-ms");
    check(indirectChecks >= 0 && indirectChecks <= 16, "indirect-checks", "between 0 and 16");
    check(suspicionMultiplier > 0, "suspicion-multiplier", "> 0");
    check(suspicionMaxMultiplier >= 1, "suspicion-max-multiplier", ">= 1");
    check(localHealthMax >= 0 && localHealthMax <= 64, "local-health-max", "between 0 and 64");
    check(lagRefutationMs >= 0, "lag-refutation-ms", ">= 0 (0 turns it off)");
    check(
        retransmitMultiplier >= 1 && retransmitMultiplier <= 32,
        "retransmit-multiplier",
        "between 1 and 32");
    check(syncIntervalMs >= probeIntervalMs, "sync-interval-ms", ">= probe-interval-ms");
    check(forgetAfterMs >= probeIntervalMs, "forget-after-ms", ">= probe-interval-ms");
    check(joinTimeoutMs >= 0, "join-timeout-ms", ">= 0");
    check(leaveWaitMs >= 0, "leave-wait-ms", ">= 0");
    check(
        packetBytesMax >= PACKET_BYTES_MIN && packetBytesMax <= 65_000,
        "packet-bytes-max",
        "between " + PACKET_BYTES_MIN + " and 65000");
    check(
        metadataBytesMax >= 0 && metadataBytesMax <= packetBytesMax / 2,
        "metadata-bytes-max",
        "between 0 and packet-bytes-max / 2");
    check(membersMax >= 2 && membersMax <= 1_000_000, "members-max", "between 2 and 1000000");
    check(dropRate >= 0 && dropRate < 1, "drop-rate", ">= 0 and < 1");
    clusterKey = clusterKey == null ? "" : clusterKey;
    check(replayWindowMs >= 1000, "replay-window-ms", ">= 1000");
  }

  private static void check(boolean ok, String key, String rule) {
    if (!ok) {
      throw new ConfigException("swim." + key, "must be " + rule);
    }
  }

  /**
   * A LAN of up to a few hundred members. A 300 ms period with a 150 ms probe timeout (LAN round
   * trips are well under 1 ms, so 150 ms only trips on real loss or a stalled process) and a
   * suspicion window of 2.5 x log10(N) periods once confirmed put a crash in a first list within 5
   * s and in every list within 10 s (issue 4, MP2). SWIM's first probe of a crashed member is
   * random, so the first-list time has a tail that scales with the period: at 400 ms about 1 crash
   * in 800 at N = 13-100 was first declared failed after 5.0-5.4 s (7 of 6,000 victims); at 300 ms
   * none of the same victims was, nor any of 3,000 at N = 41-100 (worst 4.7 s; DetectionTailSweep,
   * docs/swim.md), for 19% more bytes per member per second and no measurable rise in false
   * positives. lambda = 4, k = 3, Lifeguard's beta = 6 and the local health maximum 8 are
   * memberlist's LAN values.
   */
  public static SwimConfig lan() {
    return new SwimConfig(
        "127.0.0.1", // set to the address other hosts reach this one on
        7946, // memberlist's port; any free UDP port works
        List.of(), // an introducer has none; the others list one or more introducers
        300, // period: a crash is probed within ~0.6 s on average (1.58 periods + timeout), and
        // the random first probe's tail stays under 5 s (400 ms: 1 crash in 800 took 5.0-5.4 s)
        150, // LAN round trips are < 1 ms: 150 ms only trips on loss or a stalled process
        3, // k = 3: a false suspicion needs the direct and all three indirect paths to lose; also
        // Lifeguard's expected confirmations (memberlist's 2 was measured: it cannot help a
        // first probe that comes late, the 5 s tail's cause, so the period was shortened instead)
        true, // PingAck+S: a missed probe is a suspicion the member can refute, not a failure
        2.5, // min = 2.5 x log10(N) periods: time for a refutation to spread (sim: 0 false
        // positives in 16 million member-periods at 5% loss) yet a first failure within 5 s
        6.0, // Lifeguard's beta = 6 (paper, memberlist): an unconfirmed suspicion waits 6 x min,
        // time for a slow accuser to read the refutation; a real crash is confirmed by k other
        // probers within a few periods, so the timeout falls to min (sim at T = 400 ms, 600
        // crashes at N = 8-100: worst first detection 4.8 s with beta 2 and with beta 6)
        true, // Lifeguard: fewer false positives from slow members at equal detection time
        8, // memberlist's awareness maximum: a sick member probes at most 8x more slowly
        150, // lag-aware self-refutation at one probe timeout: a ping handled this late has
        // already missed its prober's timeout, so the handler is probably suspected; its timers
        // still fire nearly on time, so a fresh ALIVE on each of its own pings outruns the
        // suspicion. Needs packets actually handled late, never mere silence, so a crashed,
        // paused or cut-off member is still detected (LifeguardStarvedExperiment, docs/swim.md)
        4, // lambda = 4 (memberlist LAN): each update reaches everyone with high probability
        10_000, // per 32 members: rare, since gossip already converges; heals partitions
        30_000, // keep tombstones long past any in-flight gossip about the member
        3_000, // a few join attempts (one every 2 periods) before start() returns anyway
        1_000, // two periods: enough for the leave to reach O(log N) members
        1400, // fits a 1500-byte Ethernet MTU with IP and UDP headers
        512, // a handful of service addresses; keeps ALIVE updates small enough to pack many
        65_536, // far above any real group; bounds memory against a flood of fake IDs
        0.0, // experiments only
        "", // no key: fine on a trusted network; set one anywhere else
        30_000, // tolerates clock skew between hosts up to 30 s
        Path.of("state", "swim"));
  }

  /**
   * Many members on one host (tests, single-machine demos): a free port, a faster period so tests
   * see detection in a couple of seconds, and a short anti-entropy interval so a restarted
   * introducer recovers the list quickly.
   */
  public static SwimConfig local() {
    return lan()
        .with(
            b -> {
              b.port = 0;
              b.probeIntervalMs = 200;
              b.probeTimeoutMs = 100;
              b.syncIntervalMs = 2_000;
              b.forgetAfterMs = 10_000;
              b.joinTimeoutMs = 2_000;
              b.leaveWaitMs = 400;
            });
  }

  /** Reads every {@code swim.*} key, each defaulting to {@link #lan()}. */
  public static SwimConfig from(Settings settings) {
    return from(settings, lan());
  }

  /** Reads every {@code swim.*} key, each defaulting to the value in {@code d}. */
  public static SwimConfig from(Settings settings, SwimConfig d) {
    Settings s = settings.section("swim");
    List<HostPort> seeds = new ArrayList<>();
    for (String seed : s.list("seeds", d.seeds().stream().map(HostPort::toString).toList())) {
      try {
        seeds.add(HostPort.parse(seed));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("swim.seeds", e.getMessage());
      }
    }
    long day = Duration.ofDays(1).toMillis();
    return new SwimConfig(
        s.nonEmpty("host", d.host()),
        s.intIn("port", d.port(), 0, 65535),
        seeds,
        ms(s, "probe-interval-ms", d.probeIntervalMs(), 10, 60_000),
        ms(s, "probe-timeout-ms", d.probeTimeoutMs(), 1, 60_000),
        s.intIn("indirect-checks", d.indirectChecks(), 0, 16),
        s.bool("suspicion", d.suspicion()),
        s.doubleIn("suspicion-multiplier", d.suspicionMultiplier(), 0.01, 1000),
        s.doubleIn("suspicion-max-multiplier", d.suspicionMaxMultiplier(), 1, 1000),
        s.bool("lifeguard", d.lifeguard()),
        s.intIn("local-health-max", d.localHealthMax(), 0, 64),
        ms(s, "lag-refutation-ms", d.lagRefutationMs(), 0, day),
        s.intIn("retransmit-multiplier", d.retransmitMultiplier(), 1, 32),
        ms(s, "sync-interval-ms", d.syncIntervalMs(), 10, day),
        ms(s, "forget-after-ms", d.forgetAfterMs(), 10, day),
        ms(s, "join-timeout-ms", d.joinTimeoutMs(), 0, day),
        ms(s, "leave-wait-ms", d.leaveWaitMs(), 0, day),
        (int) s.bytes("packet-bytes-max", d.packetBytesMax(), PACKET_BYTES_MIN, 65_000),
        (int) s.bytes("metadata-bytes-max", d.metadataBytesMax(), 0, 32_000),
        s.intIn("members-max", d.membersMax(), 2, 1_000_000),
        s.doubleIn("drop-rate", d.dropRate(), 0, 0.99),
        s.string("cluster-key", d.clusterKey()),
        ms(s, "replay-window-ms", d.replayWindowMs(), 1000, day),
        s.path("state-dir", d.stateDir()));
  }

  private static long ms(Settings s, String key, long dflt, long min, long max) {
    return s.millis(key, Duration.ofMillis(dflt), Duration.ofMillis(min), Duration.ofMillis(max))
        .toMillis();
  }

  /** True when packets are authenticated. */
  public boolean authenticated() {
    return !clusterKey.isEmpty();
  }

  /** A copy with some fields changed: {@code cfg.with(b -> b.port = 0)}. */
  public SwimConfig with(Consumer<Builder> change) {
    Builder b = new Builder(this);
    change.accept(b);
    return b.build();
  }

  /** Mutable copy of every field, for {@link #with}; validated again on {@link #build()}. */
  public static final class Builder {
    public String host;
    public int port;
    public List<HostPort> seeds;
    public long probeIntervalMs;
    public long probeTimeoutMs;
    public int indirectChecks;
    public boolean suspicion;
    public double suspicionMultiplier;
    public double suspicionMaxMultiplier;
    public boolean lifeguard;
    public int localHealthMax;
    public long lagRefutationMs;
    public int retransmitMultiplier;
    public long syncIntervalMs;
    public long forgetAfterMs;
    public long joinTimeoutMs;
    public long leaveWaitMs;
    public int packetBytesMax;
    public int metadataBytesMax;
    public int membersMax;
    public double dropRate;
    public String clusterKey;
    public long replayWindowMs;
    public Path stateDir;

    Builder(SwimConfig c) {
      host = c.host;
      port = c.port;
      seeds = c.seeds;
      probeIntervalMs = c.probeIntervalMs;
      probeTimeoutMs = c.probeTimeoutMs;
      indirectChecks = c.indirectChecks;
      suspicion = c.suspicion;
      suspicionMultiplier = c.suspicionMultiplier;
      suspicionMaxMultiplier = c.suspicionMaxMultiplier;
      lifeguard = c.lifeguard;
      localHealthMax = c.localHealthMax;
      lagRefutationMs = c.lagRefutationMs;
      retransmitMultiplier = c.retransmitMultiplier;
      syncIntervalMs = c.syncIntervalMs;
      forgetAfterMs = c.forgetAfterMs;
      joinTimeoutMs = c.joinTimeoutMs;
      leaveWaitMs = c.leaveWaitMs;
      packetBytesMax = c.packetBytesMax;
      metadataBytesMax = c.metadataBytesMax;
      membersMax = c.membersMax;
      dropRate = c.dropRate;
      clusterKey = c.clusterKey;
      replayWindowMs = c.replayWindowMs;
      stateDir = c.stateDir;
    }

    public SwimConfig build() {
      return new SwimConfig(
          host,
          port,
          seeds,
          probeIntervalMs,
          probeTimeoutMs,
          indirectChecks,
          suspicion,
          suspicionMultiplier,
          suspicionMaxMultiplier,
          lifeguard,
          localHealthMax,
          lagRefutationMs,
          retransmitMultiplier,
          syncIntervalMs,
          forgetAfterMs,
          joinTimeoutMs,
          leaveWaitMs,
          packetBytesMax,
          metadataBytesMax,
          membersMax,
          dropRate,
          clusterKey,
          replayWindowMs,
          stateDir);
    }
  }
}
