package org.dsuite.cluster.bench.report;

import java.util.Locale;

/** Formatting shared by the Markdown, HTML and compare outputs. */
final class Units {
  private Units() {}

  static String rows(long n) {
    if (n >= 1_000_000 && n % 1_000_000 == 0) {
      return n / 1_000_000 + "M";
    }
    if (n >= 1_000 && n % 1_000 == 0) {
      return n / 1_000 + "K";
    }
    return Long.toString(n);
  }

  static String seconds(double ms) {
    return Double.isNaN(ms) ? "n/a" : String.format(Locale.ROOT, "%.2f s", ms / 1000);
  }

  static String rate(double rps) {
    if (Double.isNaN(rps)) {
      return "n/a";
    }
    if (rps >= 1_000_000) {
      return String.format(Locale.ROOT, "%.2f M/s", rps / 1e6);
    }
    return String.format(Locale.ROOT, "%.1f K/s", rps / 1e3);
  }

  static String ms(Double ms) {
    return ms == null || ms.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.0f ms", ms);
  }

  static String mib(long bytes) {
    return bytes <= 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
  }

  static String num(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
  }

  static String ratio(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "n/a";
    }
    return v >= 0.1
        ? String.format(Locale.ROOT, "%.2fx", v)
        : String.format(Locale.ROOT, "%.3fx", v);
  }
}
