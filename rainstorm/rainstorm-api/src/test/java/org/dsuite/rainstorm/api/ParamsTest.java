package org.dsuite.rainstorm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParamsTest {
  @Test
  void assignmentsSplitAtTheFirstEqualsSign() {
    Params p = Params.parse(List.of("op1.value=a=b", "op1.empty=", "op2.columns=A,B"));
    assertThat(p.scoped("op1").require("value")).isEqualTo("a=b");
    assertThat(p.scoped("op1").require("empty")).isEmpty();
    assertThat(p.scoped("op2").requireList("columns")).containsExactly("A", "B");
    assertThat(p.scopes()).containsExactly("op1", "op2");
    assertThat(Params.parse(p.toAssignments())).isEqualTo(p);
  }

  @Test
  void errorsNameTheFullParameter() {
    Params op1 = Params.parse(List.of("op1.columns=A,,B", "op1.pattern=")).scoped("op1");
    assertThatThrownBy(() -> op1.require("column")).hasMessage("missing parameter 'op1.column'");
    assertThatThrownBy(() -> op1.requireList("columns"))
        .hasMessageContaining("'op1.columns' has an empty item");
    assertThatThrownBy(() -> op1.requireNonEmpty("pattern"))
        .hasMessageContaining("'op1.pattern' must not be empty");
    assertThatThrownBy(() -> op1.requireOnly(Set.of("pattern"), "filter-contains"))
        .hasMessageContaining("unknown parameter 'op1.columns' for filter-contains");
  }

  @Test
  void badAssignmentsAreRejected() {
    assertThatThrownBy(() -> Params.parse(List.of("=x"))).isInstanceOf(ParamException.class);
    assertThatThrownBy(() -> Params.parse(List.of("noequals"))).isInstanceOf(ParamException.class);
    assertThatThrownBy(() -> Params.parse(List.of("1bad=x"))).isInstanceOf(ParamException.class);
    assertThatThrownBy(() -> Params.parse(List.of("a=1", "a=2")))
        .hasMessageContaining("given twice");
  }

  @Test
  void partitioningIsStableAndSpreadsKeys() {
    assertThat(Partitioning.taskOf("Parking", 3)).isEqualTo(Partitioning.taskOf("Parking", 3));
    int[] perTask = new int[3];
    for (int i = 0; i < 30_000; i++) {
      perTask[Partitioning.taskOf("key-" + i, 3)]++;
    }
    for (int n : perTask) {
      assertThat(n).isBetween(9_000, 11_000);
    }
    assertThatThrownBy(() -> Partitioning.taskOf("k", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sourceTuplesCarryFileAndLine() {
    assertThat(Tuple.fromSource("traffic.csv", 2, "x")).isEqualTo(new Tuple("traffic.csv:2", "x"));
    assertThatThrownBy(() -> Tuple.sourceKey("f", 0)).hasMessageContaining("start at 1");
  }
}
