package org.dsuite.cluster.bench.report;

import java.util.Base64;
import java.util.Map;

/**
 * report.html: one self-contained file (no scripts, no network): the Markdown report's tables as
 * HTML plus the charts embedded as base64 PNG.
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static String render(Report r, Map<String, byte[]> charts) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
        .append(esc(r.title()))
        .append("</title>\n<style>body{font-family:sans-serif;max-width:1200px;margin:1em auto}")
        .append("table{border-collapse:collapse;font-size:13px;margin:1em 0}")
        .append("td,th{border:1px solid #ccc;padding:2px 6px}th{background:#eee}")
        .append(".bad{color:#b00;font-weight:bold}img{max-width:100%}</style></head><body>\n");
    boolean inTable = false;
    for (String line : MarkdownReport.render(r).split("\n")) {
      if (line.startsWith("|---")) {
        continue;
      }
      if (line.startsWith("|")) {
        if (!inTable) {
          h.append("<table>\n");
          inTable = true;
          h.append(tableRow(line, "th"));
        } else {
          h.append(tableRow(line, "td"));
        }
        continue;
      }
      if (inTable) {
        h.append("</table>\n");
        inTable = false;
      }
      if (line.startsWith("## Medians")) {
        // The charts go just before the detailed tables.
        for (Map.Entry<String, byte[]> c : charts.entrySet()) {
          h.append("<p><img alt=\"")
              .append(esc(c.getKey()))
              .append("\" src=\"data:image/png;base64,")
              .append(Base64.getEncoder().encodeToString(c.getValue()))
              .append("\"></p>\n");
        }
      }
      if (line.startsWith("# ")) {
        h.append("<h1>").append(esc(line.substring(2))).append("</h1>\n");
      } else if (line.startsWith("## ")) {
        h.append("<h2>").append(esc(line.substring(3))).append("</h2>\n");
      } else if (line.startsWith("- ")) {
        h.append("<p>&bull; ").append(inline(line.substring(2))).append("</p>\n");
      } else if (!line.isBlank()) {
        h.append("<p>").append(inline(line)).append("</p>\n");
      }
    }
    if (inTable) {
      h.append("</table>\n");
    }
    return h.append("</body></html>\n").toString();
  }

  private static String tableRow(String line, String tag) {
    StringBuilder b = new StringBuilder("<tr>");
    String body = line.substring(1, line.length() - (line.endsWith("|") ? 1 : 0));
    for (String cell : body.split("(?<!\\\\)\\|", -1)) {
      b.append('<').append(tag).append('>').append(inline(cell.strip().replace("\\|", "|")));
      b.append("</").append(tag).append('>');
    }
    return b.append("</tr>\n").toString();
  }

  private static String inline(String s) {
    String e = esc(s);
    return e.replaceAll("\\*\\*(.+?)\\*\\*", "<span class=\"bad\">$1</span>");
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
