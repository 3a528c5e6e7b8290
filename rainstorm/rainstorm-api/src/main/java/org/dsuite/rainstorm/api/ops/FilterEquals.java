package org.dsuite.rainstorm.api.ops;

import org.dsuite.rainstorm.api.Emitter;
import org.dsuite.rainstorm.api.MalformedRecordException;
import org.dsuite.rainstorm.api.Operator;
import org.dsuite.rainstorm.api.OperatorContext;
import org.dsuite.rainstorm.api.ParamException;
import org.dsuite.rainstorm.api.Tuple;

/**
 * {@code filter-equals column=C value=V}: passes a tuple whose parsed field C equals V exactly
 * (after unquoting; V may be empty). Malformed rows are reported, not passed.
 */
public final class FilterEquals implements Operator {
  public static final String NAME = "filter-equals";
  private EqualsRule rule;

  @Override
  public void open(OperatorContext context) {
    String column = context.params().requireNonEmpty("column");
    String value = context.params().require("value");
    try {
      rule = EqualsRule.of(context.schema(), column, value);
    } catch (IllegalArgumentException e) {
      throw new ParamException(context.params().fullName("column") + ": " + e.getMessage());
    }
  }

  @Override
  public void process(Tuple input, Emitter out) throws MalformedRecordException {
    if (rule.test(input.value(), Rows.scratch())) {
      out.emit(input);
    }
  }
}
