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
  void aPrefixOfStatelessUnkeyedOperatorsRunsInTheSourceTasks() {
    StagePlan p = StagePlan.of(APP1);
    assertThat(APP1.chainableOperators()).isEqualTo(2);
    assertThat(p.chained()).isTrue();
    assertThat(p.chainedOperators()).isEqualTo(2);
    assertThat(p.operatorStages()).isZero();
    assertThat(p.sinkStage()).isEqualTo(1);
    assertThat(p.firstOperatorOf(0)).isZero();
    assertThat(p.operatorOf(0)).isEqualTo(1);
    assertThat(p.operatorOf(1)).isEqualTo(StagePlan.NONE);
    assertThat(p.describe(0)).isEqualTo("source + op1 (filter-contains) + op2 (select)");
    assertThat(p.describe(1)).isEqualTo("sink");
    assertThatThrownBy(() -> p.operatorOf(2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theChainStopsAtTheFirstKeyedOperator() {
    JobSpec three =
        job(
            List.of("filter-contains", "count-by", "select"),
            "op1.pattern",
            "x",
            "op2.column",
            "a",
            "op3.columns",
            "a");
    StagePlan p = StagePlan.of(three);
    assertThat(p.chainedOperators()).isEqualTo(1);
    assertThat(p.describe(0)).isEqualTo("source + op1 (filter-contains)");
    assertThat(p.describe(1)).isEqualTo("op2 (count-by)");
    assertThat(p.describe(2)).isEqualTo("op3 (select)");
    assertThat(p.sinkStage()).isEqualTo(3);
  }

  @Test
  void aStoredJobKeepsTheShapeItWasSubmittedWith() {
    // A job submitted by session 6 chained only op1: its record says stages=2 (source+op1, op2).
    StagePlan old = StagePlan.of(APP1, 2);
    assertThat(old.chainedOperators()).isEqualTo(1);
    assertThat(old.sinkStage()).isEqualTo(2);
    assertThat(old.operatorOf(0)).isZero();
    assertThat(old.operatorOf(1)).isEqualTo(1);
    assertThat(old.describe(1)).isEqualTo("op2 (select)");
    assertThat(StagePlan.of(APP1, 1)).isEqualTo(StagePlan.of(APP1));
    assertThat(StagePlan.of(APP1, 3).chained()).isFalse();
    // No plan of App2 chains count-by; none has 4 stages before the sink.
    assertThatThrownBy(() -> StagePlan.of(APP2, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StagePlan.of(APP2, 4)).isInstanceOf(IllegalArgumentException.class);
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
