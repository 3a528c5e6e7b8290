package org.dsuite.rainstorm.api.ops;

import java.nio.charset.StandardCharsets;
import org.dsuite.rainstorm.api.Params;
import org.dsuite.rainstorm.api.csv.CsvSchema;

/**
 * A filter's verdict on a line's raw UTF-8 bytes, before the line is decoded: a source that runs a
 * filter (operator chaining) passes over the lines this rejects without making a {@code String},
 * key or tuple of them.
 *
 * <p>The contract is one-sided: {@link #mayKeep} returns false only if the operator, given the
 * decoded line, would certainly emit nothing and report nothing (no malformed row); true means
 * "decode the line and let the operator decide". So a line the byte test cannot judge exactly (a
 * malformed row, invalid UTF-8 that decodes to U+FFFD) is simply left to the operator, and the
 * output of a job is the same with or without this filter.
 */
@FunctionalInterface
public interface LineBytesFilter {
  /** Keeps every line: for operators that are not filters, or parameters the bytes cannot judge. */
  LineBytesFilter KEEP_ALL = (b, from, to) -> true;

  /**
   * False only if the operator would drop the line {@code b[from, to)} (terminator excluded)
   * without output or error.
   */
  boolean mayKeep(byte[] b, int from, int to);

  /**
   * The byte test of built-in {@code operator} with the stage's parameters: {@code filter-contains}
   * and {@code filter-equals} have one, every other operator gets {@link #KEEP_ALL}.
   *
   * @param stageParams the stage's parameters, scoped ({@code pattern}, not {@code op1.pattern})
   * @param inputSchema the schema of the lines the stage reads
   */
  static LineBytesFilter of(String operator, Params stageParams, CsvSchema inputSchema) {
    switch (operator) {
      case FilterContains.NAME -> {
        String pattern = stageParams.requireNonEmpty("pattern");
        // A decoded line holds U+FFFD where its bytes were invalid UTF-8; those bytes are not
        // U+FFFD's encoding, so a pattern with U+FFFD cannot be searched for in the bytes.
        return judgeable(pattern) ? new ContainsBytes(utf8(pattern)) : KEEP_ALL;
      }
      case FilterEquals.NAME -> {
        EqualsRule rule =
            EqualsRule.of(
                inputSchema, stageParams.requireNonEmpty("column"), stageParams.require("value"));
        return judgeable(rule.value())
            ? new EqualsBytes(rule.column(), utf8(rule.value()), rule.expectedFields())
            : KEEP_ALL;
      }
      default -> {
        return KEEP_ALL;
      }
    }
  }

  /**
   * Whether equal/contained UTF-8 bytes mean equal/contained decoded text for {@code s}: it has no
   * U+FFFD (what invalid bytes decode to) and no lone surrogate (which has no UTF-8 form).
   */
  private static boolean judgeable(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\uFFFD') {
        return false;
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
