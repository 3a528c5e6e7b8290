package org.dsuite.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dsuite.rainstorm.api.job.Dataset;
import org.dsuite.spark.io.CheckpointGuard;
import org.dsuite.spark.testkit.GeneratedInput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input stops the CLI before Spark starts, with exit code 2 and a message naming the fault. */
class SparkBaselineMainTest {
  @TempDir Path tmp;
  private Path src;
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void input() throws Exception {
    src = GeneratedInput.write(Dataset.TRAFFIC_SIGNS, tmp.resolve("in"), 1, 10, 1).dir();
  }

  private int run(String... args) {
    CommandLine cl = SparkBaselineMain.commandLine(new SparkBaselineMain());
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void unknownAppIsRejectedWithTheKnownOnes() {
    assertThat(run("app9", "--src", src.toString(), "--dest", tmp.resolve("o").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("unknown app 'app9'").contains("traffic-app1");
  }

  @Test
  void misspelledParameterIsRejected() {
    int code =
        run(
            "traffic-app1",
            "--src",
            src.toString(),
            "--dest",
            tmp.resolve("o").toString(),
            "--param",
            "op1.patern=Stop");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("op1.patern");
  }

  @Test
  void badConfigValueNamesItsKey() {
    int code =
        run(
            "traffic-app1",
            "--src",
            src.toString(),
            "--dest",
            tmp.resolve("o").toString(),
            "--api",
            "rdd");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("spark-baseline.api");
    assertThat(
            run(
                "traffic-app1",
                "--src",
                src.toString(),
                "--dest",
                "d",
                "--set",
                "spark-baseline.partitons=2"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("spark-baseline.partitons");
  }

  @Test
  void inputOfTheWrongDatasetIsRejected() throws Exception {
    Path out = tmp.resolve("o");
    assertThat(run("web-app1", "--src", src.toString(), "--dest", out.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("is not the web-access header");
    assertThat(out).doesNotExist();
  }

  @Test
  void checkpointOfAnotherJobIsNotReused() throws Exception {
    Path checkpoint = tmp.resolve("cp");
    Files.createDirectories(checkpoint);
    Files.writeString(checkpoint.resolve(CheckpointGuard.MARKER), "app=web-app2\n");
    int code =
        run(
            "traffic-app2",
            "--src",
            src.toString(),
            "--dest",
            tmp.resolve("o").toString(),
            "--checkpoint",
            checkpoint.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("belongs to another job");
    assertThat(Files.readString(checkpoint.resolve(CheckpointGuard.MARKER)))
        .isEqualTo("app=web-app2\n");
  }

  @Test
  void countsOfAnEmptyOutputExitWithOne() {
    assertThat(SparkBaselineMain.run("counts", "--dest", tmp.resolve("none").toString()))
        .isEqualTo(1);
  }
}
