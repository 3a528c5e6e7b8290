package org.dsuite.swim.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.core.MemberEvent;

/**
 * What happened in a simulation, against ground truth: traffic, false positives (a running member
 * declared failed), and for each crash when the first and the last observer declared it failed.
 */
public final class SimRecorder {
  /** One member declaring another failed. */
  public record Failure(
      MemberId observer, MemberId subject, long incarnation, long atMs, boolean falsePositive) {}

  private long messagesSent;
  private long bytesSent;
  private long messagesReceived;
  private long bytesReceived;
  private long suspicions;
  private long falseSuspicions;
  private final List<Failure> failures = new ArrayList<>();
  private final Map<MemberId, Long> crashedAt = new HashMap<>();
  private final Map<MemberId, Long> startedAt = new HashMap<>();
  private final List<MemberEvent> switches = new ArrayList<>();
  private final Map<MemberId, Long> firstSuspicion = new HashMap<>();

  void started(MemberId id, long atMs) {
    startedAt.put(id, atMs);
  }

  void crashed(MemberId id, long atMs) {
    crashedAt.put(id, atMs);
  }

  void left(MemberId id, long atMs) {
    crashedAt.remove(id);
  }

  void sent(MemberId from, int bytes) {
    messagesSent++;
    bytesSent += bytes;
  }

  void received(int bytes) {
    messagesReceived++;
    bytesReceived += bytes;
  }

  private java.util.function.Consumer<String> trace;

  /** Prints every membership event (for replaying a failing seed). */
  public void trace(java.util.function.Consumer<String> sink) {
    this.trace = sink;
  }

  void event(MemberId observer, MemberEvent e, boolean subjectRunning) {
    if (trace != null) {
      trace.accept(
          e.atMs()
              + " "
              + observer
              + " "
              + e.kind()
              + " "
              + e.member().id()
              + " inc "
              + e.member().incarnation());
    }
    switch (e.kind()) {
      case FAIL ->
          failures.add(
              new Failure(
                  observer, e.member().id(), e.member().incarnation(), e.atMs(), subjectRunning));
      case SUSPECT -> {
        suspicions++;
        if (!subjectRunning) {
          firstSuspicion.putIfAbsent(e.member().id(), e.atMs());
        }
        if (subjectRunning) {
          falseSuspicions++;
        }
      }
      case SUSPICION_SWITCH -> switches.add(e);
      default -> {}
    }
  }

  public long messagesSent() {
    return messagesSent;
  }

  public long bytesSent() {
    return bytesSent;
  }

  public long messagesReceived() {
    return messagesReceived;
  }

  public long bytesReceived() {
    return bytesReceived;
  }

  public long suspicions() {
    return suspicions;
  }

  public long falseSuspicions() {
    return falseSuspicions;
  }

  public List<Failure> failures() {
    return List.copyOf(failures);
  }

  /** How many failure declarations so far (O(1), for a stop condition checked every event). */
  public int failureCount() {
    return failures.size();
  }

  /** Failure declarations about members that were running. */
  public long falsePositives() {
    return failures.stream().filter(Failure::falsePositive).count();
  }

  /**
   * False-positive incidents: distinct (member, incarnation) pairs of running members declared
   * failed, however many lists the declaration reached.
   */
  public long falsePositiveIncidents() {
    return failures.stream()
        .filter(Failure::falsePositive)
        .map(f -> f.subject() + "#" + f.incarnation())
        .distinct()
        .count();
  }

  /** False-positive incidents about members in {@code subjects}. */
  public long falsePositiveIncidentsAbout(java.util.Set<MemberId> subjects) {
    return failures.stream()
        .filter(f -> f.falsePositive() && subjects.contains(f.subject()))
        .map(f -> f.subject() + "#" + f.incarnation())
        .distinct()
        .count();
  }

  /** Time from the crash of {@code id} to the first suspicion of it anywhere, or -1. */
  public long firstSuspicionMs(MemberId id) {
    Long crash = crashedAt.get(id);
    Long s = firstSuspicion.get(id);
    return crash == null || s == null || s < crash ? -1 : s - crash;
  }

  /** Time from the crash of {@code id} to its first failure declaration, or -1. */
  public long firstDetectionMs(MemberId id) {
    Long crash = crashedAt.get(id);
    return failures.stream()
        .filter(f -> f.subject().equals(id) && crash != null)
        .mapToLong(f -> f.atMs() - crash)
        .min()
        .orElse(-1);
  }

  /** Time from the crash of {@code id} to its failure declaration by {@code observer}, or -1. */
  public long detectionMs(MemberId id, MemberId observer) {
    Long crash = crashedAt.get(id);
    return failures.stream()
        .filter(f -> f.subject().equals(id) && f.observer().equals(observer) && crash != null)
        .mapToLong(f -> f.atMs() - crash)
        .min()
        .orElse(-1);
  }
}
