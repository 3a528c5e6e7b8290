package org.dsuite.swim.sim;

import java.util.ArrayList;
import java.util.List;
import org.dsuite.common.net.HostPort;
import org.dsuite.swim.core.SwimCore;

/** One simulated process: an address, its current core (null once crashed) and its pause state. */
final class SimNode {
  final int index;
  final HostPort address;
  SwimCore core;
  boolean paused;
  int restarts;
  long nextTickMs = Long.MAX_VALUE;

  /** CPU starvation: each packet is handled this long after it arrives, in arrival order. */
  long packetLagMs;

  /** CPU starvation: each timer fires this long after it was due. */
  long timerLagMs;

  /** When the last lagged packet is (or was) handled: arrival order is kept. */
  long lastProcessMs;

  /** Packets that arrived while paused, processed on resume. */
  final List<SimEvent> backlog = new ArrayList<>();

  SimNode(int index, HostPort address) {
    this.index = index;
    this.address = address;
  }
}
