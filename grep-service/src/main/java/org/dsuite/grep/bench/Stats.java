package org.dsuite.grep.bench;

import java.util.Arrays;

/** Mean, standard deviation, median and minimum of a few timings. */
record Stats(double mean, double stddev, double median, double min) {
  static Stats of(double[] xs) {
    double sum = 0;
    for (double x : xs) {
      sum += x;
    }
    double mean = sum / xs.length;
    double sq = 0;
    for (double x : xs) {
      sq += (x - mean) * (x - mean);
    }
    double stddev = xs.length > 1 ? Math.sqrt(sq / (xs.length - 1)) : 0;
    double[] sorted = xs.clone();
    Arrays.sort(sorted);
    double median =
        sorted.length % 2 == 1
            ? sorted[sorted.length / 2]
            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    return new Stats(mean, stddev, median, sorted[0]);
  }
}
