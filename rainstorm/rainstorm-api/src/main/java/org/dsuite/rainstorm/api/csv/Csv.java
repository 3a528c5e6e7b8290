package org.dsuite.rainstorm.api.csv;

/** Conveniences over {@link CsvRecord} and {@link CsvWriter} for code that is not on a hot path. */
public final class Csv {
  private Csv() {}

  /** The fields of one record (allocates a parser; hot loops reuse a {@link CsvRecord}). */
  public static String[] split(String line) throws MalformedCsvException {
    return new CsvRecord().parse(line).toArray();
  }

  /** One row, quoting only where needed. */
  public static String join(CharSequence... fields) {
    return CsvWriter.row(fields);
  }
}
