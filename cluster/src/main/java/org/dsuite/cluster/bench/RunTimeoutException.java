package org.dsuite.cluster.bench;

/**
 * A run went past {@code bench.run-timeout-ms}: its processes were stopped (and a RainStorm job
 * killed) and it is recorded as TIMEOUT, so one stuck run cannot hang a sweep.
 */
final class RunTimeoutException extends Exception {
  private static final long serialVersionUID = 1L;

  RunTimeoutException(String message) {
    super(message);
  }
}
