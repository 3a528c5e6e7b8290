package org.dsuite.cluster.demo;

import java.util.ArrayList;
import java.util.List;

/** One row per demo step: what was checked, whether it held, how long it took, and detail. */
final class Summary {
  private record Row(String step, boolean ok, long millis, String detail) {}

  private final List<Row> rows = new ArrayList<>();

  synchronized void add(String step, boolean ok, long millis, String detail) {
    rows.add(new Row(step, ok, millis, detail));
  }

  synchronized String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("| step | result | time | detail |\n|---|---|---:|---|\n");
    for (Row r : rows) {
      sb.append("| ")
          .append(r.step())
          .append(" | ")
          .append(r.ok() ? "ok" : "FAILED")
          .append(" | ")
          .append(String.format("%.1f s", r.millis() / 1000.0))
          .append(" | ")
          .append(r.detail().replace("|", "\\|"))
          .append(" |\n");
    }
    return sb.toString();
  }
}
