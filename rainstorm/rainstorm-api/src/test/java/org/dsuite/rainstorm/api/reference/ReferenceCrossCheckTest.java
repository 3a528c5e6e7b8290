package org.dsuite.rainstorm.api.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dsuite.rainstorm.api.gen.DatasetWriter;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.api.local.LocalPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operators (through LocalPipeline) against the independent reference, on generated data with
 * malformed rows mixed in.
 */
class ReferenceCrossCheckTest {
  static final String[] BROKEN = {
    "\"unterminated, Parking, Punched Telespar", "1,2,3,Parking", "a\"b,Parking,404,/checkout", "",
  };

  @TempDir Path dir;

  Path dataset(BenchmarkApp app, int rows) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new DatasetWriter(app.dataset(), 42).write(bytes, rows, null, 1);
    List<String> lines =
        new ArrayList<>(Arrays.asList(bytes.toString(StandardCharsets.US_ASCII).split("\n")));
    for (int i = 0; i < BROKEN.length; i++) {
      lines.add(1 + (i + 1) * rows / (BROKEN.length + 1), BROKEN[i]);
    }
    Path file = dir.resolve(app.id() + ".csv");
    Files.write(file, lines);
    return file;
  }

  @Test
  void operatorsMatchTheReferenceOnEveryApp() throws Exception {
    for (BenchmarkApp app : BenchmarkApps.all()) {
      Path file = dataset(app, 5_000);
      JobSpec job = app.job(file.toString(), "out", 1);
      ReferenceResult ref = Reference.run(app, file);
      List<String> ours = LocalPipeline.run(job, file);
      assertThat(ours).as(app.id()).containsExactlyElementsOf(ref.lines());
      assertThat(ref.lines()).as(app.id() + " selects something").isNotEmpty();
      assertThat(ref.malformedRows()).as(app.id() + " saw malformed rows").isPositive();
      if (app.stateful()) {
        assertThat(Reference.finalCounts(ours)).isEqualTo(ref.finalCounts());
        assertThat(ref.finalCounts().values().stream().mapToLong(Long::longValue).sum())
            .isEqualTo(ref.lines().size());
      }
    }
  }

  @Test
  void headerIsNeverADataRow() throws Exception {
    Path file = dir.resolve("h.csv");
    Files.write(file, List.of("OBJECTID,Category", "1,Parking", "2,OBJECTID"));
    JobSpec job =
        JobSpec.fromArgs(
            List.of(
                "filter-contains",
                "count-by",
                file.toString(),
                "o",
                "1",
                "-p",
                "op1.pattern=OBJECTID",
                "-p",
                "op2.column=Category"));
    assertThat(Reference.run(job, file).lines()).containsExactly("OBJECTID,1");
    assertThat(LocalPipeline.run(job, file)).containsExactly("OBJECTID,1");
  }

  @Test
  void appTwoOnAHandWrittenFile() throws Exception {
    Path file = dir.resolve("t.csv");
    Files.write(
        file,
        List.of(
            "id,Sign_Post,Category",
            "1,Punched Telespar,Parking",
            "2,Streetlight,Parking",
            "3,Punched Telespar,\"Odd, quoted\"",
            "4,Punched Telespar,Parking",
            "5,\"Punched Telespar\",Warning"));
    JobSpec job =
        JobSpec.fromArgs(
            List.of(
                "filter-equals",
                "count-by",
                file.toString(),
                "o",
                "1",
                "-p",
                "op1.column=Sign_Post",
                "-p",
                "op1.value=Punched Telespar",
                "-p",
                "op2.column=Category"));
    ReferenceResult ref = Reference.run(job, file);
    assertThat(ref.lines())
        .containsExactly("Parking,1", "\"Odd, quoted\",1", "Parking,2", "Warning,1");
    assertThat(ref.finalCounts())
        .isEqualTo(Map.of("Parking", 2L, "Odd, quoted", 1L, "Warning", 1L));
    assertThat(LocalPipeline.run(job, file)).containsExactlyElementsOf(ref.lines());
  }
}
