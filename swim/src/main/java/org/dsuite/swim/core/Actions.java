package org.dsuite.swim.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one step of {@link SwimCore} asks the shell to do. Ordering rule: the core's state already
 * reflects the events, so the shell may send the messages and publish the events in any order;
 * events must be published in list order. The shell calls {@code onTick} again no later than {@link
 * #nextWakeMs()}.
 */
public final class Actions {
  private final List<Outgoing> sends = new ArrayList<>();
  private final List<MemberEvent> events = new ArrayList<>();
  private long nextWakeMs = Long.MAX_VALUE;

  void send(Outgoing o) {
    sends.add(o);
  }

  void publish(MemberEvent e) {
    events.add(e);
  }

  void wakeBy(long ms) {
    nextWakeMs = Math.min(nextWakeMs, ms);
  }

  public List<Outgoing> sends() {
    return Collections.unmodifiableList(sends);
  }

  public List<MemberEvent> events() {
    return Collections.unmodifiableList(events);
  }

  public long nextWakeMs() {
    return nextWakeMs;
  }
}
