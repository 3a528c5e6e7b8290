package org.dsuite.rainstorm.engine.core;

import java.util.List;
import java.util.Objects;

/**
 * Tells upstream task {@code toTask} that inputs {@code inputs} are durably processed, so it may
 * forget them. {@code toTask} is -1 for source lines, which have no upstream to tell. One ack per
 * released batch, not per input.
 */
public record Ack(int toTask, List<TupleId> inputs) {
  public Ack {
    inputs = List.copyOf(inputs);
  }

  /** One input. */
  public Ack(int toTask, TupleId input) {
    this(toTask, List.of(Objects.requireNonNull(input, "input")));
  }
}
