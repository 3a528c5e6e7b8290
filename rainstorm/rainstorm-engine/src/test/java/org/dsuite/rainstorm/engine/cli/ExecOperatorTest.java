package org.dsuite.rainstorm.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.dsuite.rainstorm.api.gen.DatasetWriter;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.api.job.Dataset;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.api.reference.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executable operators on in-process workers: a bash filter written by the test (the user's
 * executable, speaking the line protocol) in place of {@code filter-contains}, checked against the
 * reference of the built-in App1; a process that crashes or hangs fails the job with a clear error.
 */
class ExecOperatorTest {
  private static TestingServer zkServer;

  @TempDir Path dir;

  @BeforeAll
  static void startZk() throws Exception {
    zkServer = new TestingServer(true);
  }

  @AfterAll
  static void stopZk() throws Exception {
    if (zkServer != null) {
      zkServer.close();
    }
  }

  private Path input(int rows) throws Exception {
    Path in = dir.resolve("in.csv");
    try (OutputStream o = Files.newOutputStream(in)) {
      new DatasetWriter(Dataset.TRAFFIC_SIGNS, 11).write(o, rows, null, 0);
    }
    return in;
  }

  private Path script(String name, String body) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, "#!/usr/bin/env bash\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
    return p;
  }

  private List<String> submit(String op1, Path in, Path out, String... params) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "submit",
                op1,
                "select",
                "file://" + in,
                "file://" + out,
                "2",
                "--param",
                // After an executable the stage sees no header: columns by 0-based index.
                "op2.columns=2,3",
                "--quiet-progress"));
    for (String p : params) {
      args.addAll(List.of("--param", p));
    }
    return args;
  }

  @Test
  void executableFilterMatchesTheBuiltInReference() throws Exception {
    Path in = input(3_000);
    // Keeps inputs whose line contains the pattern given as parameter P pattern.
    Path filter =
        script(
            "filter.sh",
            """
            pattern=''
            while IFS= read -r line; do
              case "$line" in
                P$'\\t'pattern$'\\t'*) pattern="${line#P$'\\t'pattern$'\\t'}" ;;
                T*) if [[ "$line" == *"$pattern"* ]]; then printf 'O%s\\n' "${line:1}"; fi
                    printf 'D\\n' ;;
              esac
            done
            """);
    Path out = dir.resolve("exec.out");
    try (InProcessCluster c = new InProcessCluster(zkServer, "/exec", dir, 2)) {
      InProcessCluster.Run r =
          c.rainstorm(submit(filter.toString(), in, out, "op1.pattern=Parking"));
      assertThat(r.exit()).as(r.stderr()).isZero();
      JobSpec ref = BenchmarkApps.TRAFFIC_APP1.job("file://" + in, "file://" + out, 2);
      List<String> expected = Reference.run(ref, in).lines();
      assertThat(expected).isNotEmpty();
      assertThat(Files.readAllLines(out)).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void crashingExecutableFailsTheJob() throws Exception {
    Path in = input(500);
    Path crash =
        script(
            "crash.sh",
            """
            n=0
            while IFS= read -r line; do
              case "$line" in
                T*) n=$((n+1)); if [ $n -gt 20 ]; then echo "boom at $n" >&2; exit 3; fi
                    printf 'D\\n' ;;
              esac
            done
            """);
    Path out = dir.resolve("crash.out");
    try (InProcessCluster c = new InProcessCluster(zkServer, "/crash", dir, 2)) {
      InProcessCluster.Run r = c.rainstorm(submit(crash.toString(), in, out));
      assertThat(r.exit()).as(r.stderr()).isEqualTo(2);
      assertThat(r.stderr()).contains("FAILED", "crash.sh", "exit status 3", "boom at 21");
    }
  }

  @Test
  void hangingExecutableFailsTheJobAfterItsTimeout() throws Exception {
    Path in = input(200);
    Path hang = script("hang.sh", "while IFS= read -r line; do :; done\n");
    Path out = dir.resolve("hang.out");
    try (InProcessCluster c = new InProcessCluster(zkServer, "/hang", dir, 2)) {
      InProcessCluster.Run r =
          c.rainstorm(submit(hang.toString(), in, out, "op1.exec.timeout-ms=300"));
      assertThat(r.exit()).as(r.stderr()).isEqualTo(2);
      assertThat(r.stderr()).contains("FAILED", "hang.sh", "did not answer an input within 300 ms");
    }
  }

  @Test
  void submitRefusesAMissingExecutableAndABadTimeout() throws Exception {
    Path in = input(10);
    Path ok = script("ok.sh", "cat >/dev/null\n");
    try (InProcessCluster c = new InProcessCluster(zkServer, "/refuse", dir, 1)) {
      InProcessCluster.Run missing =
          c.rainstorm(submit(dir.resolve("nope.sh").toString(), in, dir.resolve("a.out")));
      assertThat(missing.exit()).isEqualTo(2);
      assertThat(missing.stderr()).contains("not an executable file");
      InProcessCluster.Run bad =
          c.rainstorm(submit(ok.toString(), in, dir.resolve("b.out"), "op1.exec.timeout-ms=x"));
      assertThat(bad.exit()).isEqualTo(2);
      assertThat(bad.stderr()).contains("op1.exec.timeout-ms");
      assertThat(dir.resolve("a.out")).doesNotExist();
      assertThat(dir.resolve("b.out")).doesNotExist();
    }
  }
}
