package org.dsuite.rainstorm.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dsuite.rainstorm.api.Params;
import org.junit.jupiter.api.Test;

class JobSpecTest {
  @Test
  void parsesTheIssuesApp1Command() {
    JobSpec job =
        JobSpec.fromArgs(
            List.of(
                "filter-contains",
                "select",
                "traffic.csv",
                "app1.out",
                "3",
                "--param",
                "op1.pattern=Parking",
                "--param",
                "op2.columns=OBJECTID,Sign_Type"));
    assertThat(job.operators()).containsExactly("filter-contains", "select");
    assertThat(job.src()).isEqualTo("traffic.csv");
    assertThat(job.dest()).isEqualTo("app1.out");
    assertThat(job.numTasks()).isEqualTo(3);
    assertThat(job.mode()).isEqualTo(DeliveryMode.EXACTLY_ONCE);
    assertThat(job.inputRateRecordsPerS()).isZero();
    assertThat(job.header()).isTrue();
    assertThat(job.stageParams(0).require("pattern")).isEqualTo("Parking");
    assertThat(job.stageParams(1).requireList("columns")).containsExactly("OBJECTID", "Sign_Type");
    assertThat(job).isEqualTo(BenchmarkApps.TRAFFIC_APP1.job("traffic.csv", "app1.out", 3));
  }

  @Test
  void parsesTheIssuesApp2CommandWithFlags() {
    JobSpec job =
        JobSpec.fromArgs(
            List.of(
                "--at-least-once",
                "filter-equals",
                "count-by",
                "hdfs://nn:8020/traffic.csv",
                "app2.out",
                "3",
                "--param",
                "op1.column=Sign_Post",
                "--param=op1.value=Punched Telespar",
                "--param",
                "op2.column=Category",
                "--input-rate",
                "50000"));
    assertThat(job.mode()).isEqualTo(DeliveryMode.AT_LEAST_ONCE);
    assertThat(job.inputRateRecordsPerS()).isEqualTo(50_000);
    assertThat(job.src()).isEqualTo("hdfs://nn:8020/traffic.csv");
    assertThat(job.stageParams(0).require("value")).isEqualTo("Punched Telespar");
  }

  @Test
  void moreThanTwoStagesAreAllowed() {
    JobSpec job =
        JobSpec.fromArgs(
            List.of(
                "filter-contains",
                "filter-equals",
                "count-by",
                "s",
                "d",
                "2",
                "-p",
                "op1.pattern=a",
                "-p",
                "op2.column=X",
                "-p",
                "op2.value=",
                "-p",
                "op3.column=Y"));
    assertThat(job.stageCount()).isEqualTo(3);
    assertThat(job.stageParams(1).require("value")).isEmpty();
  }

  @Test
  void badCommandsGetClearErrors() {
    assertThatThrownBy(() -> JobSpec.fromArgs(List.of("select", "s", "d")))
        .isInstanceOf(JobSpecException.class)
        .hasMessageContaining("usage");
    assertThatThrownBy(() -> JobSpec.fromArgs(List.of("filter-contains", "s", "d", "three")))
        .hasMessageContaining("NUM_TASKS must be a whole number");
    assertThatThrownBy(() -> JobSpec.fromArgs(List.of("filter-contains", "s", "d", "0")))
        .hasMessageContaining("NUM_TASKS must be 1..");
    assertThatThrownBy(
            () ->
                JobSpec.fromArgs(
                    List.of("filter-contains", "s", "d", "1", "--param", "op1.pattern")))
        .hasMessageContaining("not of the form name=value");
    assertThatThrownBy(
            () ->
                JobSpec.fromArgs(
                    List.of(
                        "filter-contains", "s", "d", "1", "-p", "op2.x=1", "-p", "op1.pattern=a")))
        .hasMessageContaining("'op2' names no stage");
    assertThatThrownBy(() -> JobSpec.fromArgs(List.of("filter-contains", "s", "d", "1")))
        .hasMessageContaining("op1 (filter-contains)")
        .hasMessageContaining("missing parameter 'op1.pattern'");
    assertThatThrownBy(() -> JobSpec.fromArgs(List.of("grep", "s", "d", "1")))
        .hasMessageContaining("unknown operator 'grep'");
    assertThatThrownBy(() -> JobSpec.fromArgs(List.of("filter-contains", "s", "d", "1", "--fast")))
        .hasMessageContaining("unknown option '--fast'");
    assertThatThrownBy(
            () ->
                JobSpec.fromArgs(
                    List.of(
                        "filter-contains",
                        "s",
                        "d",
                        "1",
                        "-p",
                        "op1.pattern=a",
                        "--exactly-once",
                        "--at-least-once")))
        .hasMessageContaining("only one of");
    assertThatThrownBy(
            () ->
                JobSpec.fromArgs(
                    List.of(
                        "filter-contains",
                        "s",
                        "d",
                        "1",
                        "-p",
                        "op1.pattern=a",
                        "-p",
                        "op1.pattern=b")))
        .hasMessageContaining("given twice");
  }

  @Test
  void javaClassAndExecutableStagesPassThroughUnchecked() {
    JobSpec job =
        JobSpec.fromArgs(
            List.of("com.example.MyOp", "./bin/op.sh", "s", "d", "4", "-p", "op1.anything=1"));
    assertThat(job.operators()).containsExactly("com.example.MyOp", "./bin/op.sh");
  }

  @Provide
  Arbitrary<JobSpec> jobs() {
    Arbitrary<String> value = Arbitraries.strings().withChars("ab =,-\"").ofMaxLength(6);
    return Combinators.combine(
            value,
            value,
            Arbitraries.integers().between(1, 64),
            Arbitraries.of(DeliveryMode.values()),
            Arbitraries.longs().between(0, 1_000_000),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false))
        .as(
            (pattern, col, tasks, mode, rate, header, chain) ->
                new JobSpec(
                    List.of("filter-contains", "filter-equals"),
                    "src-" + tasks,
                    "dest",
                    tasks,
                    Params.of(
                        "op1.pattern",
                        "p" + pattern,
                        "op2.column",
                        "c" + col,
                        "op2.value",
                        pattern),
                    mode,
                    rate,
                    header,
                    chain));
  }

  @Property(tries = 300)
  void toArgsRoundTrips(@ForAll("jobs") JobSpec job) {
    assertThat(JobSpec.fromArgs(new ArrayList<>(job.toArgs()))).isEqualTo(job);
  }

  @Test
  void catalogAppsAreWellFormed() {
    assertThat(BenchmarkApps.all()).hasSize(4);
    assertThat(BenchmarkApps.byId("web-app2").stateful()).isTrue();
    assertThatThrownBy(() -> BenchmarkApps.byId("app3")).hasMessageContaining("traffic-app1");
    for (BenchmarkApp app : BenchmarkApps.all()) {
      JobSpec job = app.job("s", "d", 3);
      assertThat(job.stageLogic(app.dataset().schema())).hasSize(2);
    }
    BenchmarkApp stop =
        BenchmarkApps.TRAFFIC_APP1.withParams(java.util.Map.of("op1.pattern", "Stop"));
    assertThat(stop.params().get("op1.pattern")).contains("Stop");
    assertThat(stop.params().get("op2.columns")).contains("OBJECTID,Sign_Type");
  }
}
