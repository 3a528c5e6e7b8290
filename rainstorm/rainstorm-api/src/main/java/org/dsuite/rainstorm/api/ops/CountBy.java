package org.dsuite.rainstorm.api.ops;

import org.dsuite.rainstorm.api.Emitter;
import org.dsuite.rainstorm.api.KeyedOperator;
import org.dsuite.rainstorm.api.MalformedRecordException;
import org.dsuite.rainstorm.api.OperatorContext;
import org.dsuite.rainstorm.api.ParamException;
import org.dsuite.rainstorm.api.Tuple;
import org.dsuite.rainstorm.api.state.StateStore;

/**
 * {@code count-by column=C}: a running count per value of column C. Every input raises its key's
 * count by one and emits {@code key,count} under the key, so the last line per key in the output is
 * the final count. The count lives in the task's {@link StateStore} (key: the column value; value:
 * an 8-byte long), so the engine can log, snapshot and restore it.
 */
public final class CountBy implements KeyedOperator {
  public static final String NAME = "count-by";
  private KeyRule rule;
  private StateStore state;

  @Override
  public void open(OperatorContext context) {
    String column = context.params().requireNonEmpty("column");
    try {
      rule = KeyRule.of(context.schema(), column);
    } catch (IllegalArgumentException e) {
      throw new ParamException(context.params().fullName("column") + ": " + e.getMessage());
    }
    state = context.state();
  }

  @Override
  public String partitionKey(Tuple input) throws MalformedRecordException {
    return rule.keyOf(input.value(), Rows.scratch());
  }

  @Override
  public void process(Tuple input, Emitter out) throws MalformedRecordException {
    String key = rule.keyOf(input.value(), Rows.scratch());
    long count = state.getLong(key, 0) + 1;
    state.putLong(key, count);
    out.emit(key, KeyRule.countRow(key, count));
  }
}
