package org.dsuite.cluster.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
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
    String out = runExpectingFailure("node.services=", override);
    assertThat(out).contains("invalid configuration: " + message.strip());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "rainstorm.zk   | rainstorm.zk: ZooKeeper unreachable",
        "rainstorm.hdfs | rainstorm.hdfs: HDFS NameNode unreachable",
      })
  void anUnreachableZooKeeperOrHdfsStopsStartUpWithTheKeyNamed(String key, String message)
      throws Exception {
    int closed = closedPort();
    String zk = key.equals("rainstorm.zk") ? "127.0.0.1:" + closed : "127.0.0.1:" + openPort();
    String hdfs = key.equals("rainstorm.hdfs") ? "hdfs://127.0.0.1:" + closed : "file:///tmp";
    String out =
        runExpectingFailure(
            "node.services=rainstorm",
            "node.dependency-timeout-ms=300",
            "rainstorm.zk=" + zk,
            "rainstorm.hdfs=" + hdfs,
            "rainstorm.port=0");
    assertThat(out).contains("invalid configuration: " + message.strip());
  }

  private ServerSocket listening;

  @AfterEach
  void closeListener() throws Exception {
    if (listening != null) {
      listening.close();
    }
  }

  /** A port something listens on, standing in for a live ZooKeeper during the probe. */
  private int openPort() throws Exception {
    listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    return listening.getLocalPort();
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private String runExpectingFailure(String... sets) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), NodeMain.class.getName()));
    cmd.addAll(List.of("--set", "node.state-dir=" + dir));
    for (String s : sets) {
      cmd.addAll(List.of("--set", s));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(out).isEqualTo(2);
      return out;
    } finally {
      p.destroyForcibly().waitFor();
    }
  }
}
