package org.dsuite.rainstorm.engine.core;

import java.util.Objects;

/**
 * Tells upstream task {@code toTask} that input {@code input} is durably processed, so it may
 * forget it. {@code toTask} is -1 for source lines, which have no upstream to tell.
 */
public record Ack(int toTask, TupleId input) {
  public Ack {
    Objects.requireNonNull(input, "input");
  }
}
