package org.dsuite.rainstorm.api.job;

import java.io.Serializable;
import org.dsuite.rainstorm.api.MalformedRecordException;
import org.dsuite.rainstorm.api.OperatorException;
import org.dsuite.rainstorm.api.Params;
import org.dsuite.rainstorm.api.SerializableFunction;
import org.dsuite.rainstorm.api.SerializablePredicate;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.dsuite.rainstorm.api.ops.EqualsRule;
import org.dsuite.rainstorm.api.ops.FilterContains;
import org.dsuite.rainstorm.api.ops.FilterEquals;
import org.dsuite.rainstorm.api.ops.KeyRule;
import org.dsuite.rainstorm.api.ops.Operators;
import org.dsuite.rainstorm.api.ops.Projection;
import org.dsuite.rainstorm.api.ops.Select;

/**
 * What a built-in stage does to one line, as plain serializable functions, so another engine
 * (Spark) runs the same logic as the built-in operators, idiomatically: a {@link Filter} is a
 * {@code filter}, a {@link Transform} a {@code map} (drop nulls), a {@link CountBy} a {@code
 * groupBy(key).count()} whose output rows are {@link CountBy#outputRow}. The functions share their
 * rules ({@link EqualsRule}, {@link Projection}, {@link KeyRule}) with the operators; they are
 * thread-safe (a parse buffer per thread) and treat a malformed row as "drop" (false or null).
 */
public sealed interface StageLogic extends Serializable {
  /** The operator name this stage came from. */
  String operator();

  /** Keeps the lines for which {@code keep} is true; the line itself passes on unchanged. */
  record Filter(String operator, SerializablePredicate<String> keep) implements StageLogic {}

  /** Replaces each line by {@code map(line)}; a null result (malformed row) drops the line. */
  record Transform(String operator, SerializableFunction<String, String> map)
      implements StageLogic {}

  /**
   * A running count per {@code keyOf(line)} (null = malformed, dropped); after each input the stage
   * emits {@link #outputRow}{@code (key, newCount)}.
   */
  record CountBy(String operator, SerializableFunction<String, String> keyOf)
      implements StageLogic {
    /** {@code key,count} with the key quoted only if needed: what count-by emits. */
    public static String outputRow(String key, long count) {
      return KeyRule.countRow(key, count);
    }
  }

  /**
   * The logic of built-in operator {@code operator}.
   *
   * @param stageParams the stage's parameters, scoped ({@code pattern}, not {@code op1.pattern})
   * @param inputSchema the schema of the lines this stage reads
   * @throws OperatorException if the operator is not a built-in or a parameter is bad
   */
  static StageLogic of(String operator, Params stageParams, CsvSchema inputSchema) {
    Operators.validate(operator, stageParams);
    try {
      return switch (operator) {
        case FilterContains.NAME -> {
          String pattern = stageParams.requireNonEmpty("pattern");
          yield new Filter(operator, line -> line.contains(pattern));
        }
        case FilterEquals.NAME -> {
          EqualsRule rule =
              EqualsRule.of(
                  inputSchema, stageParams.requireNonEmpty("column"), stageParams.require("value"));
          yield new Filter(operator, line -> safeTest(rule, line));
        }
        case Select.NAME -> {
          Projection p = Projection.of(inputSchema, stageParams.requireList("columns"));
          yield new Transform(operator, line -> safeApply(p, line));
        }
        case org.dsuite.rainstorm.api.ops.CountBy.NAME -> {
          KeyRule rule = KeyRule.of(inputSchema, stageParams.requireNonEmpty("column"));
          yield new CountBy(operator, line -> safeKey(rule, line));
        }
        default ->
            throw new OperatorException(
                "'" + operator + "' is not a built-in operator; only built-ins have shared logic");
      };
    } catch (IllegalArgumentException e) {
      throw new OperatorException(operator + ": " + e.getMessage(), e);
    }
  }

  private static boolean safeTest(EqualsRule rule, String line) {
    try {
      return rule.test(line, Scratch.record());
    } catch (MalformedRecordException e) {
      return false;
    }
  }

  private static String safeApply(Projection p, String line) {
    try {
      return p.apply(line, Scratch.record(), Scratch.builder());
    } catch (MalformedRecordException e) {
      return null;
    }
  }

  private static String safeKey(KeyRule rule, String line) {
    try {
      return rule.keyOf(line, Scratch.record());
    } catch (MalformedRecordException e) {
      return null;
    }
  }
}
