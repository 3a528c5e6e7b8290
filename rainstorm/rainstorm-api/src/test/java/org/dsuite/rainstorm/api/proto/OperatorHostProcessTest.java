package org.dsuite.rainstorm.api.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dsuite.rainstorm.api.Tuple;
import org.junit.jupiter.api.Test;

/** A Java operator run as a real external process, as the engine would run an executable. */
class OperatorHostProcessTest {
  @Test
  void selectRunsAsAProcessSpeakingTheLineProtocol() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                OperatorHostMain.class.getName(),
                "select")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      try (Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
        in.write(LineProtocol.param("columns", "b,a") + "\n");
        in.write(LineProtocol.header("a,b") + "\n");
        in.write(LineProtocol.input(new Tuple("f:2", "1,\"x\ty\"")) + "\n");
        in.write(LineProtocol.input(new Tuple("f:3", "2")) + "\n");
      }
      List<ProtocolMessage> answers = new ArrayList<>();
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          answers.add(LineProtocol.decode(line));
        }
      }
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
      assertThat(answers).hasSize(3);
      assertThat(answers.get(0)).isEqualTo(new ProtocolMessage.Output(new Tuple("f:2", "x\ty,1")));
      assertThat(answers.get(1)).isEqualTo(new ProtocolMessage.Done());
      assertThat(answers.get(2)).isInstanceOf(ProtocolMessage.Malformed.class);
    } finally {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void unknownOperatorExitsWithTwo() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                OperatorHostMain.class.getName(),
                "no-such-op")
            .redirectErrorStream(true)
            .start();
    try {
      try (Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
        in.write(LineProtocol.input(new Tuple("k", "v")) + "\n");
      }
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(2);
      assertThat(text).contains("unknown operator 'no-such-op'");
    } finally {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
