package org.dsuite.cluster.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The daemon validates its whole configuration before starting anything, naming the bad key. */
class NodeMainTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "node.admin-port=70000 | node.admin-port: must be between 0 and 65535, got 70000",
        "node.services=swim,ftp | node.services: unknown service 'ftp'",
        "node.sevices=swim     | node.sevices: unknown key (from command line); did you mean node.services?",
        "node.name=../etc      | node.name: must be 1-63 letters",
      })
  void invalidConfigStopsStartUpWithTheKeyNamed(String override, String message) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), NodeMain.class.getName()));
    cmd.addAll(
        List.of("--set", "node.state-dir=" + dir, "--set", "node.services=", "--set", override));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).isEqualTo(2);
      assertThat(out).contains("invalid configuration: " + message.strip());
    } finally {
      p.destroyForcibly().waitFor();
    }
  }
}
