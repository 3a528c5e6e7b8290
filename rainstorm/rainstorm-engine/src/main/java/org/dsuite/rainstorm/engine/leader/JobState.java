package org.dsuite.rainstorm.engine.leader;

/** The life of a job, as stored in its {@code state} znode. */
public enum JobState {
  RUNNING,
  DONE,
  FAILED,
  KILLED;

  public boolean isFinal() {
    return this != RUNNING;
  }
}
