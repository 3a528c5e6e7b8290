package org.dsuite.rainstorm.engine.net;

import java.util.Objects;

/** One task of one job: where a batch or an ack is going, or where it came from. */
public record TaskAddress(String job, int stage, int task) {
  public TaskAddress {
    Objects.requireNonNull(job, "job");
    if (job.isEmpty() || job.length() > 200) {
      throw new IllegalArgumentException("job name must be 1..200 characters");
    }
    if (stage < 0 || task < 0) {
      throw new IllegalArgumentException("stage and task must be >= 0");
    }
  }

  @Override
  public String toString() {
    return job + "/" + stage + "-" + task;
  }
}
