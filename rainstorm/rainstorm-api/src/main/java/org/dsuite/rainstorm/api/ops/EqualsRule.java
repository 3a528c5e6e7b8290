package org.dsuite.rainstorm.api.ops;

import java.io.Serializable;
import org.dsuite.rainstorm.api.MalformedRecordException;
import org.dsuite.rainstorm.api.csv.CsvRecord;
import org.dsuite.rainstorm.api.csv.CsvSchema;

/** {@code filter-equals}: keeps a row whose parsed field {@code column} equals {@code value}. */
public record EqualsRule(int column, String value, int expectedFields) implements Serializable {
  public static EqualsRule of(CsvSchema schema, String column, String value) {
    return new EqualsRule(schema.resolve(column), value, schema.expectedFields());
  }

  /** Whether the row matches (it must be well-formed: {@link Rows}). */
  public boolean test(String line, CsvRecord scratch) throws MalformedRecordException {
    return Rows.parse(line, scratch, expectedFields, column).fieldEquals(column, value);
  }
}
