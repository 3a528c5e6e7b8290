package org.dsuite.rainstorm.api.ops;

import org.dsuite.rainstorm.api.MalformedRecordException;
import org.dsuite.rainstorm.api.csv.CsvRecord;
import org.dsuite.rainstorm.api.csv.MalformedCsvException;

/**
 * The row rule shared by every column-reading built-in: a data row is well-formed when it is one
 * RFC 4180 record and has exactly as many fields as the header (without a header: more fields than
 * the highest column used). Anything else is malformed and skipped.
 */
public final class Rows {
  private static final ThreadLocal<CsvRecord> SCRATCH = ThreadLocal.withInitial(CsvRecord::new);

  private Rows() {}

  /**
   * This thread's scratch record, shared by the built-ins: an operator and the router behind it
   * read the same line, which then is parsed once ({@link CsvRecord#parse} keeps the fields of the
   * string it parsed last). What it holds is valid only until the caller returns or emits: the next
   * operator on the thread parses into it too.
   */
  public static CsvRecord scratch() {
    return SCRATCH.get();
  }

  /**
   * Parses {@code line} into {@code scratch} and checks its field count.
   *
   * @param expectedFields the header's column count, or -1 without a header
   * @param maxColumn the highest 0-based column the caller will read
   */
  public static CsvRecord parse(String line, CsvRecord scratch, int expectedFields, int maxColumn)
      throws MalformedRecordException {
    try {
      scratch.parse(line);
    } catch (MalformedCsvException e) {
      throw new MalformedRecordException("malformed CSV: " + e.getMessage(), e);
    }
    int n = scratch.size();
    if (expectedFields >= 0 ? n != expectedFields : n <= maxColumn) {
      throw new MalformedRecordException(
          "row has "
              + n
              + " fields, expected "
              + (expectedFields >= 0 ? expectedFields : "more than " + maxColumn));
    }
    return scratch;
  }
}
