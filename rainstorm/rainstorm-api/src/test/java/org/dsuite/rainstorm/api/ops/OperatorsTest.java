package org.dsuite.rainstorm.api.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.dsuite.rainstorm.api.KeyedOperator;
import org.dsuite.rainstorm.api.MalformedRecordException;
import org.dsuite.rainstorm.api.Operator;
import org.dsuite.rainstorm.api.OperatorContext;
import org.dsuite.rainstorm.api.OperatorException;
import org.dsuite.rainstorm.api.ParamException;
import org.dsuite.rainstorm.api.Params;
import org.dsuite.rainstorm.api.Tuple;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.dsuite.rainstorm.api.state.InMemoryStateStore;
import org.dsuite.rainstorm.api.state.StateChange;
import org.dsuite.rainstorm.api.state.StateCodec;
import org.junit.jupiter.api.Test;

class OperatorsTest {
  static final CsvSchema SCHEMA =
      CsvSchema.of(List.of("OBJECTID", "Sign_Type", "Size_", "Sign_Post", "Category"));

  static final String STOP = "1,R1-1 Stop,\"30\"\" X 30\"\"\",Punched Telespar,Regulatory";
  static final String PARK = "2,\"R7-1 No Parking, Any Time\",,Streetlight,Parking";
  static final String NAME = "3,Street Name, ,Punched Telespar,Streetname";
  static final String PARK2 = "4,R7-8 Reserved Parking,,Punched Telespar,Parking";

  static Operator open(String name, Params params) {
    Operator op = Operators.create(name, params);
    op.open(OperatorContext.standalone(params, SCHEMA));
    return op;
  }

  static List<Tuple> run(Operator op, String... lines) throws MalformedRecordException {
    List<Tuple> out = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      op.process(Tuple.fromSource("t.csv", i + 2, lines[i]), out::add);
    }
    return out;
  }

  @Test
  void filterContainsTestsTheRawLine() throws Exception {
    Operator op = open("filter-contains", Params.of("pattern", "Parking"));
    List<Tuple> out = run(op, STOP, PARK, NAME, PARK2);
    assertThat(out).extracting(Tuple::value).containsExactly(PARK, PARK2);
    assertThat(out).extracting(Tuple::key).containsExactly("t.csv:3", "t.csv:5");
  }

  @Test
  void filterEqualsComparesTheParsedField() throws Exception {
    Operator op =
        open("filter-equals", Params.of("column", "Sign_Post", "value", "Punched Telespar"));
    assertThat(run(op, STOP, PARK, NAME)).extracting(Tuple::value).containsExactly(STOP, NAME);
    Operator bySize = open("filter-equals", Params.of("column", "2", "value", "30\" X 30\""));
    assertThat(run(bySize, STOP, PARK)).extracting(Tuple::value).containsExactly(STOP);
    Operator empty = open("filter-equals", Params.of("column", "Size_", "value", ""));
    assertThat(run(empty, STOP, PARK, NAME)).extracting(Tuple::value).containsExactly(PARK);
  }

  @Test
  void selectOutputsCsvQuotedOnlyWhereNeeded() throws Exception {
    Operator op = open("select", Params.of("columns", "OBJECTID,Sign_Type"));
    assertThat(run(op, STOP, PARK))
        .containsExactly(
            new Tuple("t.csv:2", "1,R1-1 Stop"),
            new Tuple("t.csv:3", "2,\"R7-1 No Parking, Any Time\""));
    Operator size = open("select", Params.of("columns", "Size_,Category"));
    assertThat(run(size, STOP, NAME))
        .extracting(Tuple::value)
        .containsExactly("\"30\"\" X 30\"\"\",Regulatory", " ,Streetname");
  }

  @Test
  void countByKeepsARunningCountInTheStateStore() throws Exception {
    Params p = Params.of("column", "Category");
    InMemoryStateStore store = new InMemoryStateStore();
    Operator op = Operators.create("count-by", p);
    op.open(new OperatorContext("op2", 0, 1, p, SCHEMA, store));
    assertThat(op).isInstanceOf(KeyedOperator.class);
    assertThat(((KeyedOperator) op).partitionKey(new Tuple("k", PARK))).isEqualTo("Parking");
    List<Tuple> out = run(op, STOP, PARK, PARK2, STOP);
    assertThat(out)
        .containsExactly(
            new Tuple("Regulatory", "Regulatory,1"),
            new Tuple("Parking", "Parking,1"),
            new Tuple("Parking", "Parking,2"),
            new Tuple("Regulatory", "Regulatory,2"));
    assertThat(store.drainChanges())
        .containsExactly(
            new StateChange("Regulatory", StateCodec.encodeLong(1)),
            new StateChange("Parking", StateCodec.encodeLong(1)),
            new StateChange("Parking", StateCodec.encodeLong(2)),
            new StateChange("Regulatory", StateCodec.encodeLong(2)));
  }

  @Test
  void countByResumesFromARestoredSnapshot() throws Exception {
    Params p = Params.of("column", "Category");
    InMemoryStateStore store = new InMemoryStateStore();
    store.putLong("Parking", 41);
    InMemoryStateStore restored = new InMemoryStateStore();
    restored.restore(StateCodec.decodeSnapshot(StateCodec.encodeSnapshot(store.snapshot())));
    Operator op = Operators.create("count-by", p);
    op.open(new OperatorContext("op2", 1, 3, p, SCHEMA, restored));
    assertThat(run(op, PARK)).extracting(Tuple::value).containsExactly("Parking,42");
  }

  @Test
  void malformedRowsAreReportedNotPassed() {
    String[] bad = {"1,\"unterminated,x,y,z", "1,2,3", "1,a\"b,c,d,e", "1,2,3,4,5,6"};
    for (String name : List.of("filter-equals", "select", "count-by")) {
      Params p =
          switch (name) {
            case "filter-equals" -> Params.of("column", "Category", "value", "x");
            case "select" -> Params.of("columns", "OBJECTID");
            default -> Params.of("column", "Category");
          };
      Operator op = open(name, p);
      for (String line : bad) {
        assertThatThrownBy(() -> run(op, line))
            .as(name + " on " + line)
            .isInstanceOf(MalformedRecordException.class);
      }
    }
  }

  @Test
  void unknownOperatorListsTheBuiltIns() {
    assertThatThrownBy(() -> Operators.create("filter", Params.empty()))
        .isInstanceOf(OperatorException.class)
        .hasMessageContaining("unknown operator 'filter'")
        .hasMessageContaining("filter-contains(pattern)")
        .hasMessageContaining("filter-equals(column, value)")
        .hasMessageContaining("select(columns)")
        .hasMessageContaining("count-by(column)");
  }

  @Test
  void missingAndUnknownParametersAreNamed() {
    Params job = Params.of("op1.patern", "Parking");
    assertThatThrownBy(() -> Operators.create("filter-contains", job.scoped("op1")))
        .isInstanceOf(ParamException.class)
        .hasMessageContaining("unknown parameter 'op1.patern'")
        .hasMessageContaining("it takes: pattern");
    assertThatThrownBy(() -> Operators.create("filter-equals", Params.of("column", "x")))
        .isInstanceOf(ParamException.class)
        .hasMessageContaining("missing parameter 'value'");
  }

  @Test
  void unknownColumnFailsAtOpenNamingTheParameter() {
    Operator op = Operators.create("select", Params.of("columns", "OBJECTID,Colour"));
    Params scoped = Params.of("op2.columns", "OBJECTID,Colour").scoped("op2");
    assertThatThrownBy(() -> op.open(OperatorContext.standalone(scoped, SCHEMA)))
        .isInstanceOf(ParamException.class)
        .hasMessageContaining("op2.columns")
        .hasMessageContaining("unknown column 'Colour'");
  }

  @Test
  void javaClassOperatorsAreLoadedByName() throws Exception {
    String name = UpperCase.class.getName();
    assertThat(Operators.kindOf(name)).isEqualTo(OperatorKind.JAVA_CLASS);
    Operator op = open(name, Params.empty());
    assertThat(run(op, "ab")).extracting(Tuple::value).containsExactly("AB");
    assertThat(Operators.isKeyed(name)).isFalse();
    assertThatThrownBy(() -> Operators.create("com.example.Missing", Params.empty()))
        .hasMessageContaining("not on the classpath");
    assertThatThrownBy(() -> Operators.create(String.class.getName(), Params.empty()))
        .hasMessageContaining("does not implement");
    assertThatThrownBy(() -> Operators.create(NoDefaultConstructor.class.getName(), Params.empty()))
        .hasMessageContaining("public no-argument constructor");
  }

  @Test
  void pathsAreExecutablesForTheEngine() {
    assertThat(Operators.kindOf("./bin/my-op")).isEqualTo(OperatorKind.EXECUTABLE);
    assertThat(Operators.kindOf("/usr/local/bin/op")).isEqualTo(OperatorKind.EXECUTABLE);
    assertThatThrownBy(() -> Operators.create("./my-op", Params.empty()))
        .hasMessageContaining("executable");
  }

  @Test
  void outputSchemaFollowsTheStage() {
    assertThat(Operators.outputSchema("select", Params.of("columns", "Category,0"), SCHEMA).names())
        .containsExactly("Category", "OBJECTID");
    assertThat(Operators.outputSchema("count-by", Params.of("column", "Category"), SCHEMA).names())
        .containsExactly("Category", "count");
    assertThat(Operators.outputSchema("filter-contains", Params.of("pattern", "x"), SCHEMA))
        .isEqualTo(SCHEMA);
  }

  /** A user operator loaded by class name. */
  public static final class UpperCase implements Operator {
    @Override
    public void process(Tuple input, org.dsuite.rainstorm.api.Emitter out) {
      out.emit(input.key(), input.value().toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** Not loadable: no public no-argument constructor. */
  public static final class NoDefaultConstructor implements Operator {
    public NoDefaultConstructor(String unused) {}

    @Override
    public void process(Tuple input, org.dsuite.rainstorm.api.Emitter out) {}
  }
}
