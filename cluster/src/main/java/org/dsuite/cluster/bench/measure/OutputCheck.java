package org.dsuite.cluster.bench.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dsuite.rainstorm.api.reference.ReferenceResult;

/**
 * Compares an engine's output with rainstorm-api's independent {@code Reference}: the rows of a
 * stateless app as a multiset, the final count per key of a counting app.
 */
public final class OutputCheck {
  private OutputCheck() {}

  /** Whether the output matched, and a one-line explanation either way. */
  public record Verdict(boolean ok, String detail) {}

  public static Verdict rows(List<String> got, ReferenceResult ref) {
    List<String> g = new ArrayList<>(got);
    List<String> w = new ArrayList<>(ref.lines());
    g.sort(null);
    w.sort(null);
    if (g.equals(w)) {
      return new Verdict(true, g.size() + " rows = reference (multiset)");
    }
    int i = 0;
    while (i < Math.min(g.size(), w.size()) && g.get(i).equals(w.get(i))) {
      i++;
    }
    String first =
        i < Math.min(g.size(), w.size())
            ? "; first difference: got '" + g.get(i) + "', want '" + w.get(i) + "'"
            : "";
    return new Verdict(
        false, "rows differ from the reference: " + g.size() + " vs " + w.size() + first);
  }

  public static Verdict counts(Map<String, Long> got, ReferenceResult ref) {
    Map<String, Long> want = ref.finalCounts();
    if (got.equals(want)) {
      return new Verdict(true, got.size() + " keys, final counts = reference");
    }
    for (Map.Entry<String, Long> e : want.entrySet()) {
      Long g = got.get(e.getKey());
      if (!Objects.equals(g, e.getValue())) {
        return new Verdict(
            false,
            "counts differ from the reference: key '"
                + e.getKey()
                + "' got "
                + g
                + ", want "
                + e.getValue()
                + " ("
                + got.size()
                + " vs "
                + want.size()
                + " keys)");
      }
    }
    return new Verdict(
        false,
        "counts have keys the reference has not (" + got.size() + " vs " + want.size() + ")");
  }
}
