package org.dsuite.rainstorm.api.job;

/** The processing guarantee a job asks for. */
public enum DeliveryMode {
  /** Logged inputs, state changes and outputs; duplicates dropped; each output written once. */
  EXACTLY_ONCE("--exactly-once"),
  /** No logs: resends after failures may duplicate outputs and counts. For comparison. */
  AT_LEAST_ONCE("--at-least-once");

  private final String flag;

  DeliveryMode(String flag) {
    this.flag = flag;
  }

  /** The command-line flag that selects this mode. */
  public String flag() {
    return flag;
  }
}
