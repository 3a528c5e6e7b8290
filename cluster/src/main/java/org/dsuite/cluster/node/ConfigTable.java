package org.dsuite.cluster.node;

import java.io.PrintStream;
import java.util.List;
import org.dsuite.common.config.Settings;

/**
 * The keys a node read, as {@code bin/node --print-config} shows them and as the generated {@code
 * docs/config-reference.md} lists them.
 */
public final class ConfigTable {
  private ConfigTable() {}

  /** One line per key: {@code key = value (source; default D)}, aligned. */
  static void print(List<Settings.Entry> entries, PrintStream out) {
    int width = entries.stream().mapToInt(e -> e.key().length()).max().orElse(0);
    for (Settings.Entry e : entries) {
      String note =
          e.source().equals("default")
              ? "default"
              : e.source()
                  + "; default "
                  + (e.defaultValue().isEmpty() ? "none" : e.defaultValue());
      out.printf("%-" + width + "s = %s   (%s)%n", e.key(), e.value(), note);
    }
  }

  /** A Markdown reference: one table per section (the key's first word), defaults only. */
  public static String markdown(List<Settings.Entry> entries) {
    StringBuilder md = new StringBuilder();
    String section = "";
    for (Settings.Entry e : entries) {
      String s = e.key().substring(0, e.key().indexOf('.'));
      if (!s.equals(section)) {
        section = s;
        md.append("\n## `").append(s).append(".`\n\n| key | default |\n|---|---|\n");
      }
      String dflt = e.defaultValue().isEmpty() ? "(none)" : "`" + e.defaultValue() + "`";
      md.append("| `").append(e.key()).append("` | ").append(dflt).append(" |\n");
    }
    return md.toString();
  }
}
