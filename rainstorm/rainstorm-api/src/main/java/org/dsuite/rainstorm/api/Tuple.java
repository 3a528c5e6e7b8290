package org.dsuite.rainstorm.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * A record in a stream: a key and a value. Source tuples have the deterministic key {@code
 * file:lineNumber} (1-based line numbers, so line 1 is the header and data starts at line 2) and
 * the line as value; an operator's outputs carry the key it chooses (filters and {@code select}
 * keep the input's key, {@code count-by} uses the counted key). The key is data, not the unique
 * tuple ID: engines identify an output by its input's ID and its position among that input's
 * outputs, which is deterministic because operators are.
 */
public record Tuple(String key, String value) implements Serializable {
  public Tuple {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  /** The key of line {@code lineNumber} (1-based) of {@code file}: {@code file:lineNumber}. */
  public static String sourceKey(String file, long lineNumber) {
    if (lineNumber < 1) {
      throw new IllegalArgumentException("line numbers start at 1, got " + lineNumber);
    }
    return file + ':' + lineNumber;
  }

  /** The source tuple of line {@code lineNumber} (1-based) of {@code file}. */
  public static Tuple fromSource(String file, long lineNumber, String line) {
    return new Tuple(sourceKey(file, lineNumber), line);
  }
}
