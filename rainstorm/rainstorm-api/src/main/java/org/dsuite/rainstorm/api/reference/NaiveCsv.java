package org.dsuite.rainstorm.api.reference;

import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately plain RFC 4180 reader and writer, written separately from the {@code csv} package
 * so the reference does not share its bugs: a character-at-a-time state machine that builds each
 * field in a StringBuilder.
 */
final class NaiveCsv {
  private NaiveCsv() {}

  /** The fields of {@code line}, or null if it is not exactly one well-formed record. */
  static List<String> parse(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false; // inside a quoted field
    boolean afterClosingQuote = false;
    boolean fieldWasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
            afterClosingQuote = true;
          }
        } else {
          field.append(c);
        }
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
        afterClosingQuote = false;
        fieldWasQuoted = false;
      } else if (afterClosingQuote) {
        return null; // text after a closing quote
      } else if (c == '"') {
        if (field.length() > 0 || fieldWasQuoted) {
          return null; // a quote in the middle of an unquoted field
        }
        quoted = true;
        fieldWasQuoted = true;
      } else if (c == '\n' || c == '\r') {
        return null;
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      return null; // unterminated
    }
    fields.add(field.toString());
    return fields;
  }

  /** One row, each field quoted only if it holds a comma, quote, CR or LF. */
  static String write(List<String> fields) {
    if (fields.size() == 1 && fields.get(0).isEmpty()) {
      return "\"\"";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String f = fields.get(i);
      if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
        sb.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(f);
      }
    }
    return sb.toString();
  }
}
