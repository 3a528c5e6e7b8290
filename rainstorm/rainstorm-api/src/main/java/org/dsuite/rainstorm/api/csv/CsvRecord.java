package org.dsuite.rainstorm.api.csv;

import java.util.Arrays;

/**
 * One RFC 4180 record parsed from a line, as a reusable view: {@link #parse(String)} records only
 * the start and end offset of each field in the line, so parsing allocates nothing per field or per
 * character; a field becomes a {@code String} only when {@link #get(int)} asks for it, and {@link
 * #fieldEquals(int, String)} and {@link #appendCsvField(int, StringBuilder)} work without one.
 *
 * <p>Rules (strict RFC 4180, comma separator, double-quote quoting):
 *
 * <ul>
 *   <li>fields are separated by {@code ,}; an empty line is one empty field;
 *   <li>a field that starts with {@code "} is quoted: it runs to the next lone {@code "}, and
 *       {@code ""} inside it stands for one {@code "}; a quoted field may contain commas and line
 *       breaks;
 *   <li>spaces are data (a single-space field stays {@code " "});
 *   <li>malformed: an unterminated quoted field, text between a closing quote and the next comma,
 *       or a {@code "}, CR or LF inside an unquoted field.
 * </ul>
 *
 * <p>One record per line: the line-based sources of both engines split files on line breaks, so a
 * record whose quoted field spans lines arrives as a line with an unterminated quote and is
 * reported malformed (the datasets used here have one record per line). Not thread-safe: one
 * instance per thread, reused across lines.
 */
public final class CsvRecord {
  private static final int INITIAL_FIELDS = 32;

  private String line = "";
  private String parsed; // the line of the last parse that completed, or null
  private int size;
  private int[] starts = new int[INITIAL_FIELDS];
  private int[] ends = new int[INITIAL_FIELDS];
  // 0 = unquoted, 1 = quoted without doubled quotes, 2 = quoted with doubled quotes to undo.
  private byte[] kinds = new byte[INITIAL_FIELDS];

  /**
   * Parses {@code line} into this view, replacing what it held; on failure the view is empty. The
   * same {@code String} instance parsed last, successfully, is not scanned again: a string never
   * changes, so the view already holds its fields. (A source task's chained {@code filter-equals}
   * and the router in front of a keyed stage read the same line: {@link
   * org.dsuite.rainstorm.api.ops.Rows#scratch}.)
   */
  public CsvRecord parse(String line) throws MalformedCsvException {
    if (line == parsed) {
      return this;
    }
    parsed = null; // set again only once this scan completes (not after a throw, an Error too)
    scan(line);
    parsed = line;
    return this;
  }

  private void scan(String line) throws MalformedCsvException {
    this.line = line;
    this.size = 0;
    int n = line.length();
    // Positions of the next quote and line break at or after the scan point, refreshed lazily:
    // String.indexOf is vectorised, so most lines are checked in a few wide scans instead of a
    // comparison per character.
    int nextQuote = line.indexOf('"');
    int nextBreak = nextBreak(line, 0);
    int i = 0;
    while (true) {
      if (i < n && line.charAt(i) == '"') {
        i = parseQuoted(line, i, n);
        if (i == n) {
          return;
        }
        if (line.charAt(i) != ',') {
          size = 0;
          throw new MalformedCsvException("text after a closing quote", i);
        }
      } else {
        int comma = line.indexOf(',', i);
        int end = comma < 0 ? n : comma;
        if (nextQuote >= 0 && nextQuote < i) {
          nextQuote = line.indexOf('"', i);
        }
        if (nextQuote >= 0 && nextQuote < end) {
          size = 0;
          throw new MalformedCsvException("a quote inside an unquoted field", nextQuote);
        }
        if (nextBreak >= 0 && nextBreak < i) {
          nextBreak = nextBreak(line, i);
        }
        if (nextBreak >= 0 && nextBreak < end) {
          size = 0;
          throw new MalformedCsvException("a line break outside quotes", nextBreak);
        }
        add(i, end, (byte) 0);
        if (comma < 0) {
          return;
        }
        i = comma;
      }
      i++; // the comma
    }
  }

  private static int nextBreak(String line, int from) {
    int lf = line.indexOf('\n', from);
    int cr = line.indexOf('\r', from);
    return lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
  }

  /** Parses the quoted field opening at {@code open}; returns the index after its closing quote. */
  private int parseQuoted(String line, int open, int n) throws MalformedCsvException {
    int start = open + 1;
    int j = start;
    byte kind = 1;
    while (true) {
      int q = line.indexOf('"', j);
      if (q < 0) {
        size = 0;
        throw new MalformedCsvException("unterminated quoted field", open);
      }
      if (q + 1 < n && line.charAt(q + 1) == '"') {
        kind = 2;
        j = q + 2;
        continue;
      }
      add(start, q, kind);
      return q + 1;
    }
  }

  private void add(int start, int end, byte kind) {
    if (size == starts.length) {
      int grown = size * 2;
      starts = Arrays.copyOf(starts, grown);
      ends = Arrays.copyOf(ends, grown);
      kinds = Arrays.copyOf(kinds, grown);
    }
    starts[size] = start;
    ends[size] = end;
    kinds[size] = kind;
    size++;
  }

  /** The line last parsed. */
  public String line() {
    return line;
  }

  /** Number of fields of the last successful parse (0 after a failure). */
  public int size() {
    return size;
  }

  /** Whether field {@code i} was written in quotes. */
  public boolean isQuoted(int i) {
    check(i);
    return kinds[i] != 0;
  }

  /** Field {@code i}'s value, with quotes removed and doubled quotes undone. */
  public String get(int i) {
    check(i);
    if (kinds[i] != 2) {
      return line.substring(starts[i], ends[i]);
    }
    StringBuilder sb = new StringBuilder(ends[i] - starts[i]);
    appendValue(i, sb);
    return sb.toString();
  }

  /** Appends field {@code i}'s value (unquoted) to {@code sb}. */
  public StringBuilder appendValue(int i, StringBuilder sb) {
    check(i);
    int end = ends[i];
    if (kinds[i] != 2) {
      return sb.append(line, starts[i], end);
    }
    for (int k = starts[i]; k < end; k++) {
      char c = line.charAt(k);
      sb.append(c);
      if (c == '"') {
        k++; // skip the second quote of the pair
      }
    }
    return sb;
  }

  /**
   * Appends field {@code i} as a CSV field, quoted only when needed ({@link CsvWriter} rules), so a
   * projection copies fields without building intermediate strings.
   */
  public StringBuilder appendCsvField(int i, StringBuilder sb) {
    check(i);
    if (kinds[i] == 0) {
      return sb.append(line, starts[i], ends[i]); // an unquoted field never needs quotes
    }
    if (!CsvWriter.needsQuoting(line, starts[i], ends[i])) {
      return sb.append(line, starts[i], ends[i]);
    }
    // A quoted field that needs quotes: its raw text between the quotes is already escaped.
    return sb.append('"').append(line, starts[i], ends[i]).append('"');
  }

  /** Whether field {@code i}'s value equals {@code value}, without allocating. */
  public boolean fieldEquals(int i, String value) {
    check(i);
    int start = starts[i];
    int end = ends[i];
    if (kinds[i] != 2) {
      return end - start == value.length() && line.regionMatches(start, value, 0, value.length());
    }
    int v = 0;
    for (int k = start; k < end; k++, v++) {
      char c = line.charAt(k);
      if (v >= value.length() || value.charAt(v) != c) {
        return false;
      }
      if (c == '"') {
        k++;
      }
    }
    return v == value.length();
  }

  /** All field values as a new array. */
  public String[] toArray() {
    String[] out = new String[size];
    for (int i = 0; i < size; i++) {
      out[i] = get(i);
    }
    return out;
  }

  private void check(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("field " + i + " of a record with " + size + " fields");
    }
  }

  @Override
  public String toString() {
    return Arrays.toString(toArray());
  }
}
