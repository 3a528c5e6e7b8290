package org.dsuite.rainstorm.engine.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * At-least-once without a log: a task may acknowledge a batch of inputs to its upstream only once
 * every output they produced is acknowledged downstream (for a sink: durable in the destination).
 * Until then the upstream keeps the inputs and resends them to this task's next incarnation if this
 * one dies; acknowledging them when processed (as exactly-once may, once its log is durable) would
 * lose the outputs a crashed task had not yet delivered. Bounded by the upstream's unacked buffers:
 * an input held here is one its upstream still holds.
 */
final class AckHolds {
  private static final class Group {
    final int fromTask;
    final List<TupleId> inputs;
    int outputsLeft;

    Group(int fromTask, List<TupleId> inputs, int outputsLeft) {
      this.fromTask = fromTask;
      this.inputs = inputs;
      this.outputsLeft = outputsLeft;
    }
  }

  private final Map<TupleId, Group> byOutput = new HashMap<>();
  private final Set<TupleId> heldInputs = new HashSet<>();

  /** {@code input} was processed: its ack waits at least until its record is released. */
  void processed(TupleId input) {
    heldInputs.add(input);
  }

  /**
   * {@code inputs}' record is released: their ack waits until all of {@code outputs} (at least one)
   * are acked.
   */
  void hold(int fromTask, List<TupleId> inputs, List<TupleId> outputs) {
    Group g = new Group(fromTask, inputs, outputs.size());
    for (TupleId o : outputs) {
      byOutput.put(o, g);
    }
    heldInputs.addAll(inputs);
  }

  /** {@code inputs}' record is released with nothing to deliver: they are acked now. */
  void unhold(List<TupleId> inputs) {
    for (TupleId i : inputs) { // not removeAll: with a List argument that can be quadratic
      heldInputs.remove(i);
    }
  }

  /** Downstream acknowledged {@code outputs}: acks every group they complete into {@code out}. */
  void release(List<TupleId> outputs, Actions.Builder out) {
    for (TupleId o : outputs) {
      Group g = byOutput.remove(o);
      if (g != null && --g.outputsLeft == 0) {
        unhold(g.inputs);
        out.ack(new Ack(g.fromTask, g.inputs));
      }
    }
  }

  /**
   * True while {@code input}'s ack is held (its record not yet released, or its outputs not yet
   * acked): a resend of it must not be acked on its own, or the upstream would forget it before its
   * outputs are delivered (the held ack covers the resend).
   */
  boolean isHeld(TupleId input) {
    return heldInputs.contains(input);
  }

  int size() {
    return heldInputs.size();
  }
}
