package org.dsuite.rainstorm.api.ops;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.dsuite.rainstorm.api.MalformedRecordException;
import org.dsuite.rainstorm.api.csv.CsvRecord;
import org.dsuite.rainstorm.api.csv.CsvSchema;

/** {@code select}: the chosen columns of a row, in the order given, as a CSV row. */
public record Projection(int[] columns, int expectedFields) implements Serializable {
  public Projection {
    if (columns.length == 0) {
      throw new IllegalArgumentException("select needs at least one column");
    }
    columns = columns.clone();
  }

  public static Projection of(CsvSchema schema, List<String> columns) {
    return new Projection(schema.resolveAll(columns), schema.expectedFields());
  }

  @Override
  public int[] columns() {
    return columns.clone();
  }

  /** The projected row (quoted only where needed); {@code sb} is scratch space, cleared first. */
  public String apply(String line, CsvRecord scratch, StringBuilder sb)
      throws MalformedRecordException {
    int max = 0;
    for (int c : columns) {
      max = Math.max(max, c);
    }
    CsvRecord row = Rows.parse(line, scratch, expectedFields, max);
    sb.setLength(0);
    if (columns.length == 1 && row.get(columns[0]).isEmpty()) {
      return "\"\""; // CsvWriter's rule: a single empty field is not an empty line
    }
    for (int i = 0; i < columns.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      row.appendCsvField(columns[i], sb);
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Projection p
        && Arrays.equals(columns, p.columns)
        && expectedFields == p.expectedFields;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(columns) * 31 + expectedFields;
  }

  @Override
  public String toString() {
    return "Projection" + Arrays.toString(columns);
  }
}
