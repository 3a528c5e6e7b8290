package org.dsuite.swim.core;

import java.util.SplittableRandom;

/** The randomness seam: the core draws every random choice from here, so a seed replays a run. */
public interface RandomSource {
  /** Uniform in [0, bound). */
  int nextInt(int bound);

  /** Uniform in [0, 1). */
  double nextDouble();

  /** A deterministic source from a seed. */
  static RandomSource seeded(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    return new RandomSource() {
      @Override
      public int nextInt(int bound) {
        return r.nextInt(bound);
      }

      @Override
      public double nextDouble() {
        return r.nextDouble();
      }
    };
  }
}
