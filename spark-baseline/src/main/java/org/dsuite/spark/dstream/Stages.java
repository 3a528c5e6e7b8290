package org.dsuite.spark.dstream;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.util.LongAccumulator;
import org.dsuite.rainstorm.api.SerializableFunction;
import org.dsuite.rainstorm.api.SerializablePredicate;
import org.dsuite.rainstorm.api.job.StageLogic;
import org.dsuite.spark.job.JobPlan;

/** The stateless part of a plan as DStream operations. */
final class Stages {
  private Stages() {}

  /**
   * Counts input lines, drops headers and applies the filters and transforms: a RainStorm filter is
   * a {@code filter}, a transform a {@code map} whose null (malformed row) is dropped.
   */
  static JavaDStream<String> stateless(JavaDStream<String> lines, JobPlan plan) {
    JavaDStream<String> ds = lines.transform(new CountInput());
    String header = plan.headerLine();
    if (header != null) {
      ds = ds.filter(line -> !header.equals(line));
    }
    for (StageLogic stage : plan.statelessStages()) {
      if (stage instanceof StageLogic.Filter f) {
        SerializablePredicate<String> keep = f.keep();
        ds = ds.filter(keep::test);
      } else if (stage instanceof StageLogic.Transform t) {
        SerializableFunction<String, String> map = t.map();
        ds = ds.map(map::apply).filter(row -> row != null);
      } else {
        throw new IllegalArgumentException("not a stateless stage: " + stage.operator());
      }
    }
    return ds;
  }

  /**
   * Per batch, on the driver: counts the batch's lines into {@link InputRows} as they stream past
   * (the accumulator is looked up per batch, so a restored checkpoint never holds a stale one).
   */
  private static final class CountInput implements Function<JavaRDD<String>, JavaRDD<String>> {
    private static final long serialVersionUID = 1L;

    @Override
    public JavaRDD<String> call(JavaRDD<String> lines) {
      LongAccumulator rows = InputRows.of(lines.context());
      return lines.map(
          line -> {
            rows.add(1);
            return line;
          });
    }
  }
}
