package org.dsuite.rainstorm.api.csv;

import java.io.Serializable;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The column names of a dataset, taken from its header line (the first line of the file). Both
 * engines read the header from line 1 of the source, never treat it as a data row, and give it to
 * the operators, which resolve column parameters against it. A source without a header has {@link
 * #none()}: columns can then only be given as indices.
 *
 * <p>A column is named either by its header name (exact, case-sensitive) or by a 0-based index
 * written as digits; a name wins over an index when a header column is itself called e.g. "3".
 */
public final class CsvSchema implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final CsvSchema NONE = new CsvSchema(List.of(), null);

  private final List<String> names;
  private final String headerLine;
  private final Map<String, Integer> index;

  private CsvSchema(List<String> names, String headerLine) {
    this.names = List.copyOf(names);
    this.headerLine = headerLine;
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < this.names.size(); i++) {
      m.putIfAbsent(this.names.get(i), i);
    }
    this.index = Collections.unmodifiableMap(m);
  }

  /**
   * The schema of a file whose first line is {@code headerLine}. A leading UTF-8 byte order mark
   * (common in spreadsheet and ArcGIS exports such as the Traffic Signs file) is not part of the
   * first column's name.
   */
  public static CsvSchema fromHeader(String headerLine) throws MalformedCsvException {
    String text = headerLine.startsWith("\uFEFF") ? headerLine.substring(1) : headerLine;
    String[] fields = Csv.split(text);
    return new CsvSchema(List.of(fields), headerLine);
  }

  /** A schema with these column names; its header line is their CSV row. */
  public static CsvSchema of(List<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a header has at least one column");
    }
    return new CsvSchema(names, CsvWriter.row(names));
  }

  /** No header: columns by index only, any field count accepted. */
  public static CsvSchema none() {
    return NONE;
  }

  public boolean hasHeader() {
    return headerLine != null;
  }

  /** Column names in order (empty without a header). */
  public List<String> names() {
    return names;
  }

  /** Number of columns, or -1 without a header. */
  public int expectedFields() {
    return headerLine == null ? -1 : names.size();
  }

  /** The header line as in the file, or null without a header. */
  public String headerLine() {
    return headerLine;
  }

  /** Whether {@code line} is this schema's header line (so a reader can skip a repeated header). */
  public boolean isHeaderLine(String line) {
    return headerLine != null && headerLine.equals(line);
  }

  public OptionalInt indexOf(String name) {
    Integer i = index.get(name);
    return i == null ? OptionalInt.empty() : OptionalInt.of(i);
  }

  /**
   * The 0-based index of a column given by name or index.
   *
   * @throws IllegalArgumentException naming the column and listing the header's columns
   */
  public int resolve(String column) {
    OptionalInt byName = indexOf(column);
    if (byName.isPresent()) {
      return byName.getAsInt();
    }
    if (!column.isEmpty() && column.length() < 10 && column.chars().allMatch(Character::isDigit)) {
      int i = Integer.parseInt(column);
      if (headerLine != null && i >= names.size()) {
        throw new IllegalArgumentException(
            "column index " + i + " is out of range: the header has " + names.size() + " columns");
      }
      return i;
    }
    if (headerLine == null) {
      throw new IllegalArgumentException(
          "unknown column '" + column + "': the source has no header, so give a 0-based index");
    }
    throw new IllegalArgumentException(
        "unknown column '" + column + "'; the header has: " + String.join(", ", names));
  }

  /** Resolves each column of a list. */
  public int[] resolveAll(List<String> columns) {
    int[] out = new int[columns.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = resolve(columns.get(i));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CsvSchema s
        && names.equals(s.names)
        && java.util.Objects.equals(headerLine, s.headerLine);
  }

  @Override
  public int hashCode() {
    return names.hashCode();
  }

  @Override
  public String toString() {
    return headerLine == null ? "CsvSchema(no header)" : "CsvSchema(" + headerLine + ")";
  }
}
