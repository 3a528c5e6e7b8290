package org.dsuite.spark.job;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.api.job.StageLogic;

/**
 * A RainStorm job as the Spark baseline runs it: RainStorm's own per-stage logic ({@link
 * StageLogic}, shared with the built-in operators, not copied), split into the stateless stages
 * (filters and transforms, applied in order) and an optional final running count. The source's
 * header line is carried so every input file's header can be dropped: both engines treat line 1 as
 * the schema, never as a data row.
 *
 * <p>Shipped to executors and, for DStreams, into the checkpoint, so it is serializable.
 */
public final class JobPlan implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final String headerLine;
  private final List<StageLogic> statelessStages;
  private final StageLogic.CountBy countBy;

  private JobPlan(
      String name,
      String headerLine,
      List<StageLogic> statelessStages,
      StageLogic.CountBy countBy) {
    this.name = Objects.requireNonNull(name, "name");
    this.headerLine = headerLine;
    this.statelessStages = List.copyOf(statelessStages);
    this.countBy = countBy;
  }

  /**
   * The plan of {@code spec} over a source with {@code sourceSchema}.
   *
   * @throws IllegalArgumentException if a stage is not a built-in or a running count is not the
   *     last stage (a count feeding further stages has no idiomatic Spark form with a file sink)
   */
  public static JobPlan of(String name, JobSpec spec, CsvSchema sourceSchema) {
    List<StageLogic> stages = spec.stageLogic(sourceSchema);
    List<StageLogic> stateless = new ArrayList<>();
    StageLogic.CountBy count = null;
    for (int i = 0; i < stages.size(); i++) {
      StageLogic s = stages.get(i);
      if (s instanceof StageLogic.CountBy c) {
        if (i != stages.size() - 1) {
          throw new IllegalArgumentException(
              JobSpec.stageName(i)
                  + " ("
                  + c.operator()
                  + "): the Spark baseline runs a running count only as the last stage");
        }
        count = c;
      } else {
        stateless.add(s);
      }
    }
    String header = spec.header() && sourceSchema.hasHeader() ? sourceSchema.headerLine() : null;
    return new JobPlan(name, header, stateless, count);
  }

  public String name() {
    return name;
  }

  /** The header line to drop from every input file, or null if the source has none. */
  public String headerLine() {
    return headerLine;
  }

  /** Filters and transforms, in stage order. */
  public List<StageLogic> statelessStages() {
    return statelessStages;
  }

  public boolean counting() {
    return countBy != null;
  }

  /** The final running count; only for a {@link #counting()} plan. */
  public StageLogic.CountBy countBy() {
    if (countBy == null) {
      throw new IllegalStateException(name + " has no running count");
    }
    return countBy;
  }

  /** One running-count output row, in RainStorm's format. */
  public static String countRow(String key, long count) {
    return StageLogic.CountBy.outputRow(key, count);
  }
}
