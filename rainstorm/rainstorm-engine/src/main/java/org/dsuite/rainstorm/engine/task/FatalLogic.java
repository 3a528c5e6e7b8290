package org.dsuite.rainstorm.engine.task;

/**
 * A task logic that can break for good (an operator process that crashed or hung). The core counts
 * a throwing logic as a failed input and logs it as processed with no effect, which is right for a
 * deterministic operator error but wrong here: {@link TaskRunner} checks {@link #fatal()} after
 * each batch and, if set, fails the task before that batch's log records are written, so a
 * restarted task processes those inputs again.
 */
public interface FatalLogic {
  /** Why the logic can no longer process input, or null. */
  Throwable fatal();

  /** Inputs refused after the logic broke (the core counted them as failed inputs). */
  long inputsRefused();
}
