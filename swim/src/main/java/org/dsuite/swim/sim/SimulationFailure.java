package org.dsuite.swim.sim;

/** A simulation broke an invariant or an assertion; the message carries the seed to replay it. */
public final class SimulationFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long seed;

  public SimulationFailure(long seed, long atMs, Throwable cause) {
    super(
        "simulation failed at virtual t=" + atMs + " ms; replay with seed " + seed + ": " + cause,
        cause);
    this.seed = seed;
  }

  public long seed() {
    return seed;
  }
}
