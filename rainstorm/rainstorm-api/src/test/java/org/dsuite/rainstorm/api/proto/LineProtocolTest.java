package org.dsuite.rainstorm.api.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.dsuite.rainstorm.api.Tuple;
import org.junit.jupiter.api.Test;

class LineProtocolTest {
  @Property(tries = 500)
  void everyMessageRoundTrips(@ForAll String a, @ForAll String b) throws Exception {
    for (ProtocolMessage m :
        List.of(
            new ProtocolMessage.Param(a, b),
            new ProtocolMessage.Header(a),
            new ProtocolMessage.Input(new Tuple(a, b)),
            new ProtocolMessage.Output(new Tuple(b, a)),
            new ProtocolMessage.Malformed(a),
            new ProtocolMessage.Done())) {
      String line = LineProtocol.encode(m);
      assertThat(line).doesNotContain("\n").doesNotContain("\r");
      assertThat(LineProtocol.decode(line)).isEqualTo(m);
    }
  }

  @Test
  void escapesAreReadable() throws Exception {
    assertThat(LineProtocol.input(new Tuple("f:2", "a\tb\\c\nd")))
        .isEqualTo("T\tf:2\ta\\tb\\\\c\\nd");
    StringBuilder sb = LineProtocol.appendInput(new StringBuilder(), new Tuple("k", "v"));
    assertThat(sb.toString()).isEqualTo("T\tk\tv\n");
  }

  @Test
  void brokenLinesAreProtocolErrors() {
    for (String bad : List.of("", "X\ta", "T\tonly-key", "D\tx", "O\ta\\qb\tc", "Tab", "M\ta\\")) {
      assertThatThrownBy(() -> LineProtocol.decode(bad))
          .as(bad)
          .isInstanceOf(ProtocolException.class);
    }
  }

  @Test
  void hostRunsABuiltInOverTheProtocol() throws Exception {
    String in =
        String.join(
                "\n",
                LineProtocol.param("column", "Category"),
                LineProtocol.header("id,Category"),
                LineProtocol.input(new Tuple("f:2", "1,Parking")),
                LineProtocol.input(new Tuple("f:3", "2,\"bad")),
                LineProtocol.input(new Tuple("f:4", "3,Parking")))
            + "\n";
    StringWriter out = new StringWriter();
    long n = new OperatorHost("count-by").run(new BufferedReader(new StringReader(in)), out);
    assertThat(n).isEqualTo(3);
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(0)).isEqualTo("O\tParking\tParking,1");
    assertThat(lines.get(1)).isEqualTo("D");
    assertThat(LineProtocol.decode(lines.get(2))).isInstanceOf(ProtocolMessage.Malformed.class);
    assertThat(lines.subList(3, lines.size())).containsExactly("O\tParking\tParking,2", "D");
  }

  @Test
  void hostRejectsParametersAfterInputs() {
    String in =
        LineProtocol.param("pattern", "x")
            + "\n"
            + LineProtocol.input(new Tuple("k", "x"))
            + "\n"
            + LineProtocol.param("pattern", "y")
            + "\n";
    assertThatThrownBy(
            () ->
                new OperatorHost("filter-contains")
                    .run(new BufferedReader(new StringReader(in)), new StringWriter()))
        .isInstanceOf(ProtocolException.class);
  }
}
