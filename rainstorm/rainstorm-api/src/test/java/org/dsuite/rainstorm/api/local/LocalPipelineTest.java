package org.dsuite.rainstorm.api.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.dsuite.rainstorm.api.OperatorException;
import org.dsuite.rainstorm.api.Tuple;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.junit.jupiter.api.Test;

class LocalPipelineTest {
  static final CsvSchema SCHEMA = CsvSchema.of(List.of("id", "kind"));

  @Test
  void chainsStagesAndCountsMalformedInputs() {
    JobSpec job =
        JobSpec.fromArgs(
            List.of(
                "select",
                "count-by",
                "s",
                "d",
                "1",
                "-p",
                "op1.columns=kind",
                "-p",
                "op2.column=kind"));
    List<String> out = new ArrayList<>();
    try (LocalPipeline p = new LocalPipeline(job, SCHEMA)) {
      for (String line : List.of("1,a", "2,\"b", "3,a", "4")) {
        p.accept(new Tuple("k", line), t -> out.add(t.value()));
      }
      assertThat(p.malformed()).isEqualTo(2);
    }
    assertThat(out).containsExactly("a,1", "a,2");
  }

  @Test
  void aBadColumnStopsTheJobBeforeAnyInput() {
    JobSpec job =
        JobSpec.fromArgs(
            List.of(
                "filter-contains",
                "select",
                "s",
                "d",
                "1",
                "-p",
                "op1.pattern=x",
                "-p",
                "op2.columns=id,colour"));
    assertThatThrownBy(() -> new LocalPipeline(job, SCHEMA))
        .isInstanceOf(OperatorException.class)
        .hasMessageContaining("op2.columns")
        .hasMessageContaining("unknown column 'colour'");
  }
}
