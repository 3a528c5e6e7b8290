package org.dsuite.rainstorm.engine.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dsuite.rainstorm.api.Params;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.dsuite.rainstorm.api.job.DeliveryMode;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.api.ops.LineBytesFilter;
import org.dsuite.rainstorm.api.reference.Reference;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.TaskLogic;
import org.dsuite.rainstorm.engine.io.StreamFileSystem;
import org.dsuite.rainstorm.engine.io.UriFileSystems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A source task's split with a chained filter judged on bytes and a resume line: the tuples the
 * chain then emits are those of the reference ({@link Reference}) on the same file, with the same
 * IDs as without the byte filter, and every line of the split is either a tuple, a counted drop,
 * the header, or below the resume line.
 */
class SourceSplitTest {
  @TempDir Path dir;

  private static final String HEADER = "OBJECTID,Sign_Type,Sign_Post,Category";
  private static final String[] CELLS = {
    "Punched Telespar",
    "\"Punched Telespar\"",
    "Streetlight",
    "\"30\"\" X 30\"\"\"",
    "\"Parking, 2h\"",
    "No Parking",
    "Ünïcödé 日本",
    "",
    "x\"y",
    "\"unterminated"
  };

  /** A file of header + rows with mixed CRLF / LF endings, empty lines and malformed rows. */
  private Path file(int rows, long seed) throws IOException {
    Random rnd = new Random(seed);
    StringBuilder sb = new StringBuilder(HEADER).append("\r\n");
    for (int i = 0; i < rows; i++) {
      if (rnd.nextInt(50) == 0) {
        sb.append(rnd.nextBoolean() ? "\n" : "\r\n"); // an empty line
        continue;
      }
      sb.append(i);
      int fields = rnd.nextInt(20) == 0 ? 3 : 4;
      for (int f = 1; f < fields; f++) {
        sb.append(',').append(CELLS[rnd.nextInt(CELLS.length)]);
      }
      sb.append(rnd.nextBoolean() ? "\n" : "\r\n");
    }
    Path p = dir.resolve("in-" + seed + ".csv");
    Files.writeString(p, sb, StandardCharsets.UTF_8);
    return p;
  }

  private record Read(List<DataTuple> tuples, long dropped) {}

  private static Read readAll(TaskRole.Source role, int task, long resume) throws IOException {
    List<DataTuple> all = new ArrayList<>();
    try (SourceSplit s = new SourceSplit(role, task, resume, resume)) {
      while (!s.done()) {
        all.addAll(s.nextBatch());
      }
      return new Read(all, s.linesDropped());
    }
  }

  private static JobSpec job(Path in, List<String> ops, String... params) {
    return new JobSpec(
        ops, "file://" + in, "out", 3, Params.of(params), DeliveryMode.EXACTLY_ONCE, 0, true, true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"filter-contains", "filter-equals"})
  void byteFilteredSplitsFeedTheChainTheReferencesLines(String filter) throws Exception {
    Path in = file(3_000, filter.hashCode());
    JobSpec job =
        filter.equals("filter-contains")
            ? job(
                in,
                List.of(filter, "select"),
                "op1.pattern",
                "Parking",
                "op2.columns",
                "OBJECTID,Sign_Post")
            : job(
                in,
                List.of(filter, "select"),
                "op1.column",
                "Sign_Post",
                "op1.value",
                "Punched Telespar",
                "op2.columns",
                "OBJECTID,Category");
    CsvSchema schema = CsvSchema.fromHeader(HEADER);
    StreamFileSystem fs = UriFileSystems.streams(job.src(), 10_000);
    LineBytesFilter bytes =
        LineBytesFilter.of(filter, job.stageParams(0), job.stageInputSchema(0, schema));
    List<String> out = new ArrayList<>();
    long lines = 0;
    for (int task = 0; task < 3; task++) {
      TaskRole.Source plain = new TaskRole.Source(fs, job.src(), 3, true, 64);
      TaskRole.Source filtered = new TaskRole.Source(fs, job.src(), 3, true, 64, 0, 1, bytes);
      Read all = readAll(plain, task, 0);
      Read kept = readAll(filtered, task, 0);
      assertThat(all.dropped()).isZero();
      assertThat(kept.dropped()).isPositive();
      assertThat(kept.tuples().size() + kept.dropped()).isEqualTo(all.tuples().size());
      lines += all.tuples().size();
      try (ChainedTaskLogic chain = chain(job, schema, task)) {
        List<String> fromAll = run(chain, all.tuples());
        List<String> fromKept = run(chain, kept.tuples());
        assertThat(fromKept).isEqualTo(fromAll); // same IDs (line numbers), same values
        fromKept.forEach(s -> out.add(s.substring(s.indexOf(' ') + 1)));
      }
    }
    assertThat(lines).isEqualTo(3_000);
    assertThat(out)
        .containsExactlyInAnyOrderElementsOf(Reference.run(job, in).lines())
        .isNotEmpty();
  }

  @Test
  void aResumedSplitPassesOverTheLinesBelowItsResumeLine() throws Exception {
    Path in = file(2_000, 5);
    StreamFileSystem fs = UriFileSystems.streams("file://" + in, 10_000);
    for (int task = 0; task < 3; task++) {
      TaskRole.Source role = new TaskRole.Source(fs, "file://" + in, 3, true, 50);
      List<DataTuple> all = readAll(role, task, 0).tuples();
      long resume = all.get(all.size() / 2).id().lo();
      List<DataTuple> rest = readAll(role, task, resume).tuples();
      assertThat(rest).hasSizeLessThan(all.size()).isNotEmpty();
      // The same lines, numbers and keys (stamps are read times, so they differ).
      assertThat(rest.stream().map(t -> t.id() + t.key() + t.value()).toList())
          .isEqualTo(
              all.subList(all.size() / 2, all.size()).stream()
                  .map(t -> t.id() + t.key() + t.value())
                  .toList());
    }
  }

  /**
   * A filter that keeps nothing does not make one call scan the whole split: each call passes over
   * a bounded number of lines and says so ({@link SourceSplit#scanPaused}), so the task loop
   * handles its acks and commits in between; every line is still counted once.
   */
  @Test
  void aFilterThatKeepsNothingScansInBoundedSteps() throws Exception {
    Path in = file(20_000, 7);
    JobSpec job = job(in, List.of("filter-contains"), "op1.pattern", "no such text");
    StreamFileSystem fs = UriFileSystems.streams(job.src(), 10_000);
    LineBytesFilter bytes =
        LineBytesFilter.of(
            "filter-contains",
            job.stageParams(0),
            job.stageInputSchema(0, CsvSchema.fromHeader(HEADER)));
    TaskRole.Source role = new TaskRole.Source(fs, job.src(), 1, true, 64, 0, 1, bytes);
    try (SourceSplit s = new SourceSplit(role, 0, 0, 0)) {
      int calls = 0;
      while (!s.done()) {
        assertThat(s.nextBatch()).isEmpty();
        calls++;
        assertThat(s.scanPaused() || s.done()).isTrue();
      }
      assertThat(calls).isGreaterThanOrEqualTo(20_000 / 4_096);
      assertThat(s.linesDropped())
          .isEqualTo(
              readAll(new TaskRole.Source(fs, job.src(), 1, true, 64), 0, 0).tuples().size());
    }
  }

  private static ChainedTaskLogic chain(JobSpec job, CsvSchema schema, int task) {
    List<TaskLogic> parts = new ArrayList<>();
    for (int op = 0; op < job.stageCount(); op++) {
      parts.add(
          new OperatorTaskLogic(
              job.operators().get(op),
              job.stageParams(op),
              JobSpec.stageName(op),
              task,
              job.numTasks(),
              job.stageInputSchema(op, schema)));
    }
    return new ChainedTaskLogic(parts);
  }

  /** The chain's outputs as {@code id value}; malformed inputs are skipped, as the core does. */
  private static List<String> run(TaskLogic chain, List<DataTuple> in) {
    List<String> out = new ArrayList<>();
    for (DataTuple t : in) {
      try {
        chain.process(t, null, (k, v) -> out.add(t.id() + " " + v));
      } catch (SkippedInputException e) {
        // counted as malformed by the core
      }
    }
    return out;
  }
}
