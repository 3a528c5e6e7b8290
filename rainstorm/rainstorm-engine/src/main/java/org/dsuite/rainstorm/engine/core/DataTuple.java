package org.dsuite.rainstorm.engine.core;

import java.util.Objects;

/**
 * A tuple as the engine moves it: an ID plus MP4's {@code <key, value>} pair. Source tuples have
 * the key {@code file:lineNumber} and the line as value.
 */
public record DataTuple(TupleId id, String key, String value) {
  public DataTuple {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  /** Bytes this tuple costs in buffers and logs, roughly (used for byte limits). */
  public int sizeEstimate() {
    return 16 + 8 + key.length() + value.length();
  }
}
