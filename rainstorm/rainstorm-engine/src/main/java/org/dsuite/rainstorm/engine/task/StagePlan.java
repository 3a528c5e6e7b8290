package org.dsuite.rainstorm.engine.task;

import org.dsuite.rainstorm.api.job.JobSpec;

/**
 * Which operators each stage of a job's tasks runs. Stage 0 reads the source, the last stage writes
 * the destination, the stages between run one operator each. When the job chains operators ({@link
 * JobSpec#chainableOperators()}), the source tasks run the first {@code chainedOperators} of them
 * on their own lines and the job has that many operator stages fewer: the lines they drop never
 * become frames, log entries or acknowledgements, and what they keep crosses no extra stage, as
 * Spark pipelines a file scan with its filters and projections in one task.
 *
 * <p>A job's shape is fixed when it is submitted and stored with it ({@code stages=} in ZooKeeper):
 * tasks of a stored job take their plan from that count ({@link #of(JobSpec, int)}), so a job
 * submitted by an older version (which chained at most the first operator) keeps its shape.
 *
 * @param chainedOperators how many leading operators stage 0 runs (0 = none)
 */
public record StagePlan(JobSpec job, int chainedOperators) {
  /** No operator: the source's identity or the sink's. */
  public static final int NONE = -1;

  public StagePlan {
    if (chainedOperators < 0 || chainedOperators > job.chainableOperators()) {
      throw new IllegalArgumentException(
          "cannot chain "
              + chainedOperators
              + " operator(s) into the sources of "
              + job.operators()
              + "; at most "
              + job.chainableOperators());
    }
  }

  /** The plan of a new job: every operator that may be chained is. */
  public static StagePlan of(JobSpec job) {
    return new StagePlan(job, job.chainableOperators());
  }

  /**
   * The plan of a stored job with {@code stages} stages before its sink (its record's {@code
   * stages}).
   *
   * @throws IllegalArgumentException if no plan of the job has that many stages
   */
  public static StagePlan of(JobSpec job, int stages) {
    return new StagePlan(job, job.stageCount() + 1 - stages);
  }

  /** Whether stage 0 runs at least one operator. */
  public boolean chained() {
    return chainedOperators > 0;
  }

  /** Stages with an operator of their own, between the source stage and the sink stage. */
  public int operatorStages() {
    return job.stageCount() - chainedOperators;
  }

  /** The sink's stage; also the number of stages before it. */
  public int sinkStage() {
    return operatorStages() + 1;
  }

  /**
   * The index into {@link JobSpec#operators()} of the (last, for stage 0) operator stage {@code
   * stage} runs, or {@link #NONE}.
   */
  public int operatorOf(int stage) {
    if (stage == 0) {
      return chained() ? chainedOperators - 1 : NONE;
    }
    if (stage >= 1 && stage <= operatorStages()) {
      return stage - 1 + chainedOperators;
    }
    if (stage == sinkStage()) {
      return NONE;
    }
    throw new IllegalArgumentException(
        "stage " + stage + " is not in a job of " + (sinkStage() + 1) + " stages");
  }

  /** The first operator stage {@code stage} runs (0 for a chained source), or {@link #NONE}. */
  public int firstOperatorOf(int stage) {
    int last = operatorOf(stage);
    return stage == 0 && last != NONE ? 0 : last;
  }

  /**
   * What stage {@code stage} does, for people: {@code source + op1 (filter-contains) + op2
   * (select)}.
   */
  public String describe(int stage) {
    int last = operatorOf(stage);
    if (last == NONE) {
      return stage == 0 ? "source" : "sink";
    }
    StringBuilder sb = new StringBuilder(stage == 0 ? "source" : "");
    for (int op = firstOperatorOf(stage); op <= last; op++) {
      if (!sb.isEmpty()) {
        sb.append(" + ");
      }
      sb.append(JobSpec.stageName(op)).append(" (").append(job.operators().get(op)).append(')');
    }
    return sb.toString();
  }
}
