package org.dsuite.rainstorm.api.ops;

import java.io.Serializable;
import org.dsuite.rainstorm.api.MalformedRecordException;
import org.dsuite.rainstorm.api.csv.CsvRecord;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.dsuite.rainstorm.api.csv.CsvWriter;

/** {@code count-by}'s key: the parsed value of one column; and the output row format. */
public record KeyRule(int column, int expectedFields) implements Serializable {
  public static KeyRule of(CsvSchema schema, String column) {
    return new KeyRule(schema.resolve(column), schema.expectedFields());
  }

  public String keyOf(String line, CsvRecord scratch) throws MalformedRecordException {
    return Rows.parse(line, scratch, expectedFields, column).get(column);
  }

  /** The output row of a running count: {@code key,count} (the key quoted if needed). */
  public static String countRow(String key, long count) {
    if (!CsvWriter.needsQuoting(key)) {
      return key + ',' + count; // one exactly sized string, no builder to grow and copy
    }
    return CsvWriter.appendField(new StringBuilder(key.length() + 14), key)
        .append(',')
        .append(count)
        .toString();
  }
}
