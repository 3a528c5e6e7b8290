package org.dsuite.rainstorm.engine.core;

import java.util.Objects;

/** One change to a task's keyed state: a put, or a removal when {@code value} is null. */
public record StateChange(String key, String value) {
  public StateChange {
    Objects.requireNonNull(key, "key");
  }

  public boolean isRemoval() {
    return value == null;
  }
}
