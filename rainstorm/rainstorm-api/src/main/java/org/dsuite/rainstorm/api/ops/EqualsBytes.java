package org.dsuite.rainstorm.api.ops;

/**
 * {@code filter-equals} on a line's UTF-8 bytes: the {@link org.dsuite.rainstorm.api.csv.CsvRecord}
 * rules (RFC 4180) and the {@link Rows} field-count rule, applied to bytes. It rejects a line only
 * when the row is well-formed and field {@code column}, unquoted, differs from the value; a
 * malformed row is kept, so the operator reports it as it would without this filter. The delimiters
 * ({@code , " \r \n}) are ASCII, which a UTF-8 decoder never folds into another character, so the
 * byte scan sees the fields the decoded scan sees; the field compares as bytes against the value's
 * UTF-8 form, exact but for U+FFFD, which {@link LineBytesFilter#of} excludes.
 */
final class EqualsBytes implements LineBytesFilter {
  private final int column;
  private final byte[] value;
  private final int expectedFields;

  /**
   * @param expectedFields the header's column count, or -1 without a header ({@link Rows})
   */
  EqualsBytes(int column, byte[] value, int expectedFields) {
    this.column = column;
    this.value = value.clone();
    this.expectedFields = expectedFields;
  }

  @Override
  public boolean mayKeep(byte[] b, int from, int to) {
    int fields = 0;
    int i = from;
    while (true) {
      boolean mine = fields == column;
      int end;
      if (i < to && b[i] == '"') {
        end = closingQuote(b, i, to);
        if (end < 0) {
          return true; // unterminated quoted field: malformed
        }
        boolean equal = mine && quotedEquals(b, i + 1, end);
        end++; // past the closing quote
        if (end < to && b[end] != ',') {
          return true; // text after a closing quote: malformed
        }
        if (equal) {
          return true; // kept whether or not the rest is well-formed: no need to read it
        }
      } else {
        end = i;
        while (end < to && b[end] != ',') {
          byte c = b[end];
          if (c == '"' || c == '\r' || c == '\n') {
            return true; // a quote or line break in an unquoted field: malformed
          }
          end++;
        }
        if (mine && plainEquals(b, i, end)) {
          return true; // kept whether or not the rest is well-formed: no need to read it
        }
      }
      fields++;
      if (end >= to) {
        break;
      }
      i = end + 1; // past the comma
    }
    // Field `column` differs from the value (or is missing): only a malformed row is kept.
    boolean wellFormed = expectedFields >= 0 ? fields == expectedFields : fields > column;
    return !wellFormed;
  }

  /** The index of the quote closing the field opened at {@code open}, or -1. */
  private static int closingQuote(byte[] b, int open, int to) {
    int j = open + 1;
    while (j < to) {
      if (b[j] == '"') {
        if (j + 1 < to && b[j + 1] == '"') {
          j += 2;
          continue;
        }
        return j;
      }
      j++;
    }
    return -1;
  }

  private boolean plainEquals(byte[] b, int start, int end) {
    if (end - start != value.length) {
      return false;
    }
    for (int k = 0; k < value.length; k++) {
      if (b[start + k] != value[k]) {
        return false;
      }
    }
    return true;
  }

  /** Compares the quoted field's content {@code b[start, end)}, {@code ""} read as {@code "}. */
  private boolean quotedEquals(byte[] b, int start, int end) {
    int v = 0;
    for (int k = start; k < end; k++, v++) {
      if (v >= value.length || b[k] != value[v]) {
        return false;
      }
      if (b[k] == '"') {
        k++; // the second quote of the pair
      }
    }
    return v == value.length;
  }
}
