package org.dsuite.rainstorm.api.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.dsuite.rainstorm.api.OperatorException;
import org.dsuite.rainstorm.api.Params;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.junit.jupiter.api.Test;

class StageLogicTest {
  static final CsvSchema SCHEMA = CsvSchema.of(List.of("id", "kind", "note"));

  @Test
  void builtInsMapToFilterTransformAndCountBy() {
    List<StageLogic> app1 =
        BenchmarkApps.TRAFFIC_APP1.job("s", "d", 1).stageLogic(Dataset.TRAFFIC_SIGNS.schema());
    assertThat(app1.get(0)).isInstanceOf(StageLogic.Filter.class);
    assertThat(app1.get(1)).isInstanceOf(StageLogic.Transform.class);
    List<StageLogic> app2 =
        BenchmarkApps.TRAFFIC_APP2.job("s", "d", 1).stageLogic(Dataset.TRAFFIC_SIGNS.schema());
    assertThat(app2.get(0)).isInstanceOf(StageLogic.Filter.class);
    assertThat(app2.get(1)).isInstanceOf(StageLogic.CountBy.class);
  }

  @Test
  void functionsFollowTheOperatorRulesAndDropMalformedRows() {
    StageLogic.Filter eq =
        (StageLogic.Filter)
            StageLogic.of("filter-equals", Params.of("column", "kind", "value", "a,b"), SCHEMA);
    assertThat(eq.keep().test("1,\"a,b\",x")).isTrue();
    assertThat(eq.keep().test("1,a,x")).isFalse();
    assertThat(eq.keep().test("1,\"a,b")).isFalse();
    StageLogic.Transform sel =
        (StageLogic.Transform) StageLogic.of("select", Params.of("columns", "note,id"), SCHEMA);
    assertThat(sel.map().apply("1,k,\"say \"\"hi\"\"\"")).isEqualTo("\"say \"\"hi\"\"\",1");
    assertThat(sel.map().apply("1,k")).isNull();
    StageLogic.CountBy count =
        (StageLogic.CountBy) StageLogic.of("count-by", Params.of("column", "kind"), SCHEMA);
    assertThat(count.keyOf().apply("1,k,x")).isEqualTo("k");
    assertThat(count.keyOf().apply("\"")).isNull();
    assertThat(StageLogic.CountBy.outputRow("a,b", 3)).isEqualTo("\"a,b\",3");
  }

  @Test
  void stageLogicSurvivesJavaSerialization() throws Exception {
    for (StageLogic s :
        BenchmarkApps.TRAFFIC_APP2.job("s", "d", 1).stageLogic(Dataset.TRAFFIC_SIGNS.schema())) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(s);
      }
      Object copy =
          new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
      assertThat(copy).isInstanceOf(s.getClass());
      String row =
          "-88.2,40.1,1,R1-1 Stop,,,Punched Telespar,2000,Regulatory,,,City,TS1, ,,,STOP,,,{G}";
      if (copy instanceof StageLogic.Filter f) {
        assertThat(f.keep().test(row)).isTrue();
      } else {
        assertThat(((StageLogic.CountBy) copy).keyOf().apply(row)).isEqualTo("Regulatory");
      }
    }
  }

  @Test
  void onlyBuiltInsHaveSharedLogic() {
    assertThatThrownBy(() -> StageLogic.of("com.example.Op", Params.empty(), SCHEMA))
        .isInstanceOf(OperatorException.class);
  }
}
