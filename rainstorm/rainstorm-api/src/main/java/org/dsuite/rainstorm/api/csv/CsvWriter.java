package org.dsuite.rainstorm.api.csv;

import java.util.List;

/**
 * Writes RFC 4180 fields and rows, quoting a field only when it must be quoted: when it contains a
 * comma, a double quote, CR or LF (quotes inside are doubled). A row of exactly one empty field is
 * written as {@code ""} so it is not an empty line. Every row written here parses back with {@link
 * CsvRecord} (and any RFC 4180 reader) to the same fields.
 */
public final class CsvWriter {
  private CsvWriter() {}

  /** Whether {@code s} must be quoted. */
  public static boolean needsQuoting(CharSequence s) {
    return needsQuoting(s, 0, s.length());
  }

  /** Whether {@code s[start, end)} must be quoted. */
  public static boolean needsQuoting(CharSequence s, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      // ',' '"' CR LF are all at or below ',', letters and digits above: one comparison for most.
      if (c <= ',' && (c == ',' || c == '"' || c == '\n' || c == '\r')) {
        return true;
      }
    }
    return false;
  }

  /** Appends one field, quoted only if needed. */
  public static StringBuilder appendField(StringBuilder sb, CharSequence field) {
    int n = field.length();
    if (!needsQuoting(field, 0, n)) {
      return sb.append(field);
    }
    sb.append('"');
    for (int i = 0; i < n; i++) {
      char c = field.charAt(i);
      if (c == '"') {
        sb.append('"');
      }
      sb.append(c);
    }
    return sb.append('"');
  }

  /** Appends a row of fields (no line terminator). */
  public static StringBuilder appendRow(StringBuilder sb, List<? extends CharSequence> fields) {
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("a CSV row has at least one field");
    }
    if (fields.size() == 1 && fields.get(0).length() == 0) {
      return sb.append("\"\"");
    }
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      appendField(sb, fields.get(i));
    }
    return sb;
  }

  /** One row (no line terminator). */
  public static String row(List<? extends CharSequence> fields) {
    return appendRow(new StringBuilder(), fields).toString();
  }

  /** One row (no line terminator). */
  public static String row(CharSequence... fields) {
    return row(List.of(fields));
  }
}
