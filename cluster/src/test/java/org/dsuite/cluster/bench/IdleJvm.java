package org.dsuite.cluster.bench;

/** A child JVM for the fairness tests: stays alive (up to ARG seconds) until the test kills it. */
public final class IdleJvm {
  private IdleJvm() {}

  public static void main(String[] args) throws InterruptedException {
    Thread.sleep(Long.parseLong(args[0]) * 1000);
  }
}
