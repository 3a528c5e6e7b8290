package org.dsuite.rainstorm.engine.core;

import java.util.Objects;

/**
 * A tuple as the engine moves it: an ID plus MP4's {@code <key, value>} pair. Source tuples have
 * the key {@code file:lineNumber} and the line as value.
 *
 * @param stampMicros when the source read the input this tuple derives from (wall-clock
 *     microseconds), or -1 if unknown; carried through every stage, in frames, logs and snapshots,
 *     so the sink can measure source-to-durable latency. Operators never see it: the core gives
 *     each output the stamp of its input. A separate field, not text in the key, so no stage builds
 *     or parses a string for it.
 */
public record DataTuple(TupleId id, String key, String value, long stampMicros) {
  public DataTuple {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  /** A tuple without a source stamp. */
  public DataTuple(TupleId id, String key, String value) {
    this(id, key, value, -1);
  }

  /** Bytes this tuple costs in buffers and logs, roughly (used for byte limits). */
  public int sizeEstimate() {
    return 16 + 8 + 8 + key.length() + value.length();
  }
}
