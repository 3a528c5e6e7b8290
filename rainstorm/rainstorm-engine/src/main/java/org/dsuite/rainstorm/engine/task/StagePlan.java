package org.dsuite.rainstorm.engine.task;

import org.dsuite.rainstorm.api.job.JobSpec;

/**
 * Which operator each stage of a job's tasks runs. Stage 0 reads the source, the last stage writes
 * the destination, the stages between run one operator each. When the job chains its first operator
 * ({@link JobSpec#chainsFirstOperator()}), the source tasks run it on their own lines and the job
 * has one operator stage fewer: the lines it drops never become frames, log entries or
 * acknowledgements, as Spark pipelines a file scan with its filter in one task.
 *
 * @param chained whether stage 0 runs operator 0
 */
public record StagePlan(JobSpec job, boolean chained) {
  /** No operator: the source's identity or the sink's. */
  public static final int NONE = -1;

  public static StagePlan of(JobSpec job) {
    return new StagePlan(job, job.chainsFirstOperator());
  }

  /** Stages with an operator of their own, between the source stage and the sink stage. */
  public int operatorStages() {
    return job.stageCount() - (chained ? 1 : 0);
  }

  /** The sink's stage; also the number of stages before it. */
  public int sinkStage() {
    return operatorStages() + 1;
  }

  /** The index into {@link JobSpec#operators()} that stage {@code stage} runs, or {@link #NONE}. */
  public int operatorOf(int stage) {
    if (stage == 0) {
      return chained ? 0 : NONE;
    }
    if (stage >= 1 && stage <= operatorStages()) {
      return stage - 1 + (chained ? 1 : 0);
    }
    if (stage == sinkStage()) {
      return NONE;
    }
    throw new IllegalArgumentException(
        "stage " + stage + " is not in a job of " + (sinkStage() + 1) + " stages");
  }

  /** What stage {@code stage} does, for people: {@code source + op1 (filter-contains)}. */
  public String describe(int stage) {
    int op = operatorOf(stage);
    String what = op == NONE ? "" : JobSpec.stageName(op) + " (" + job.operators().get(op) + ")";
    if (stage == 0) {
      return op == NONE ? "source" : "source + " + what;
    }
    return stage == sinkStage() ? "sink" : what;
  }
}
