package org.dsuite.rainstorm.api.ops;

import org.dsuite.rainstorm.api.Emitter;
import org.dsuite.rainstorm.api.MalformedRecordException;
import org.dsuite.rainstorm.api.Operator;
import org.dsuite.rainstorm.api.OperatorContext;
import org.dsuite.rainstorm.api.ParamException;
import org.dsuite.rainstorm.api.Tuple;

/**
 * {@code select columns=A,B,...}: emits the chosen columns as a CSV row under the input's key.
 * Column names cannot themselves contain commas here (none of the datasets' do).
 */
public final class Select implements Operator {
  public static final String NAME = "select";
  private final StringBuilder sb = new StringBuilder(128);
  private Projection projection;

  @Override
  public void open(OperatorContext context) {
    try {
      projection = Projection.of(context.schema(), context.params().requireList("columns"));
    } catch (IllegalArgumentException e) {
      throw new ParamException(context.params().fullName("columns") + ": " + e.getMessage());
    }
  }

  @Override
  public void process(Tuple input, Emitter out) throws MalformedRecordException {
    out.emit(new Tuple(input.key(), projection.apply(input.value(), Rows.scratch(), sb)));
  }
}
