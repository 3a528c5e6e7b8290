package org.dsuite.rainstorm.engine.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dsuite.rainstorm.api.Params;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.junit.jupiter.api.Test;

class StagePlanTest {
  private static JobSpec job(List<String> ops, String... params) {
    return JobSpec.of(ops, "in.csv", "out", 3, Params.of(params));
  }

  private static final JobSpec APP1 =
      job(
          List.of("filter-contains", "select"),
          "op1.pattern",
          "Parking",
          "op2.columns",
          "OBJECTID,Sign_Type");

  private static final JobSpec APP2 =
      job(
          List.of("filter-equals", "count-by"),
          "op1.column",
          "Sign_Post",
          "op1.value",
          "Punched Telespar",
          "op2.column",
          "Category");

  @Test
  void aStatelessUnkeyedFirstOperatorRunsInTheSourceTasks() {
    StagePlan p = StagePlan.of(APP1);
    assertThat(p.chained()).isTrue();
    assertThat(p.operatorStages()).isEqualTo(1);
    assertThat(p.sinkStage()).isEqualTo(2);
    assertThat(p.operatorOf(0)).isZero();
    assertThat(p.operatorOf(1)).isEqualTo(1);
    assertThat(p.operatorOf(2)).isEqualTo(StagePlan.NONE);
    assertThat(p.describe(0)).isEqualTo("source + op1 (filter-contains)");
    assertThat(p.describe(1)).isEqualTo("op2 (select)");
    assertThat(p.describe(2)).isEqualTo("sink");
    assertThatThrownBy(() -> p.operatorOf(3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void noChainKeepsOneStagePerOperatorAsMp4DrewIt() {
    StagePlan p = StagePlan.of(APP2.withChain(false));
    assertThat(p.chained()).isFalse();
    assertThat(p.operatorStages()).isEqualTo(2);
    assertThat(p.sinkStage()).isEqualTo(3);
    assertThat(p.operatorOf(0)).isEqualTo(StagePlan.NONE);
    assertThat(p.operatorOf(1)).isZero();
    assertThat(p.operatorOf(2)).isEqualTo(1);
    assertThat(p.operatorOf(3)).isEqualTo(StagePlan.NONE);
    assertThat(p.describe(0)).isEqualTo("source");
    assertThat(p.describe(2)).isEqualTo("op2 (count-by)");
  }

  @Test
  void aKeyedFirstOperatorIsNeverChained() {
    // count-by must see every line of a key in one task: the source split cannot give it that.
    JobSpec counting = job(List.of("count-by"), "op1.column", "Category");
    assertThat(counting.chainsFirstOperator()).isFalse();
    assertThat(StagePlan.of(counting).sinkStage()).isEqualTo(2);
    assertThat(APP2.chainsFirstOperator()).isTrue();
  }

  @Test
  void aSingleChainedOperatorLeavesSourceAndSink() {
    JobSpec only = job(List.of("filter-contains"), "op1.pattern", "x");
    StagePlan p = StagePlan.of(only);
    assertThat(p.operatorStages()).isZero();
    assertThat(p.sinkStage()).isEqualTo(1);
    assertThat(p.operatorOf(0)).isZero();
    assertThat(p.operatorOf(1)).isEqualTo(StagePlan.NONE);
  }

  @Test
  void executablesAndJavaClassesAreNotChained() {
    assertThat(job(List.of("/bin/cat", "select"), "op2.columns", "a").chainsFirstOperator())
        .isFalse();
  }
}
