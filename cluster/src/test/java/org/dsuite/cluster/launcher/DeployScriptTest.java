package org.dsuite.cluster.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** cluster/deploy/deploy.sh in --dry-run: the commands it would run, and what it refuses. */
class DeployScriptTest {
  private static final Path SCRIPT = Path.of("deploy", "deploy.sh").toAbsolutePath();

  @TempDir Path dir;

  private record Result(int exit, String out) {}

  private Result run(String inventory, String... args) throws Exception {
    Path inv = dir.resolve("inventory");
    Files.writeString(inv, inventory);
    Path conf = dir.resolve("cluster.properties");
    Files.writeString(conf, "swim.port = 7300\n");
    List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString(), "--dry-run"));
    cmd.addAll(List.of("--inventory", inv.toString(), "--config", conf.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      return new Result(
          p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly().waitFor();
    }
  }

  @Test
  void startRunsOneSshPerNodeWithItsOwnConfigAndPidFile() throws Exception {
    Result r = run("h1.example.org n1 swim,dfs\n# comment\nh2.example.org n2 swim ops\n", "start");
    assertThat(r.exit()).isZero();
    List<String> ssh = r.out().lines().filter(l -> l.startsWith("ssh ")).toList();
    assertThat(ssh).hasSize(2);
    assertThat(ssh.get(0)).contains(" h1.example.org ").contains("start-node\\ /opt/dsuite\\ n1");
    assertThat(ssh.get(1))
        .contains(" ops@h2.example.org ")
        .contains("start-node\\ /opt/dsuite\\ n2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "h1;reboot n1 swim",
        "h1 n1 swim,ftp",
        "h1 ../n1 swim",
        "h1 n1 swim Root!",
        "h1 n1 swim\nh2 n1 swim",
        "$(reboot) n1 swim",
      })
  void hostileOrMalformedInventoryIsRefusedBeforeAnythingRuns(String inventory) throws Exception {
    Result r = run(inventory + "\n", "start");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).startsWith("deploy: ").doesNotContain("ssh -o");
  }

  @Test
  void unknownCommandIsAnError() throws Exception {
    Result r = run("h1 n1 swim\n", "destroy");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).contains("unknown option or command 'destroy'");
  }

  static {
    if (!Files.isRegularFile(SCRIPT)) {
      throw new IllegalStateException(
          new IOException("tests run from the cluster module: " + SCRIPT));
    }
  }
}
