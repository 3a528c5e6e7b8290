package org.dsuite.swim.experiments;

import java.util.ArrayList;
import java.util.List;

/** The few statistics the experiments report. */
final class Stats {
  private Stats() {}

  /** 95% upper confidence bound of a Poisson mean given {@code k} events (exact for k <= 3). */
  static double poissonUpper95(long k) {
    double[] exact = {3.00, 4.74, 6.30, 7.75};
    return k < exact.length ? exact[(int) k] : k + 1.96 * Math.sqrt(k) + 2;
  }

  static double mean(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  static double percentile(List<Double> xs, double p) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
    return s.get(Math.max(0, Math.min(s.size() - 1, i)));
  }
}
