package org.dsuite.rainstorm.api.ops;

import org.dsuite.rainstorm.api.Emitter;
import org.dsuite.rainstorm.api.Operator;
import org.dsuite.rainstorm.api.OperatorContext;
import org.dsuite.rainstorm.api.Tuple;

/**
 * {@code filter-contains pattern=X}: passes a tuple whose raw line contains X (case-sensitive
 * substring; the line is not parsed, so a malformed row that contains X passes too).
 */
public final class FilterContains implements Operator {
  public static final String NAME = "filter-contains";
  private String pattern;

  @Override
  public void open(OperatorContext context) {
    pattern = context.params().requireNonEmpty("pattern");
  }

  @Override
  public void process(Tuple input, Emitter out) {
    if (input.value().contains(pattern)) {
      out.emit(input);
    }
  }
}
