package org.dsuite.rainstorm.api.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.dsuite.rainstorm.api.MalformedRecordException;
import org.dsuite.rainstorm.api.Operator;
import org.dsuite.rainstorm.api.OperatorContext;
import org.dsuite.rainstorm.api.OperatorException;
import org.dsuite.rainstorm.api.Tuple;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.dsuite.rainstorm.api.csv.MalformedCsvException;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.api.ops.Operators;
import org.dsuite.rainstorm.api.state.InMemoryStateStore;

/**
 * A job's Java operators chained in one thread, one task per stage: the operator semantics without
 * an engine. Used for the throughput benchmark, as a local mode, and by tests. Outputs of an input
 * that turns out malformed at some stage are discarded with it, as the engines do.
 */
public final class LocalPipeline implements AutoCloseable {
  private final List<Operator> stages = new ArrayList<>();
  private final List<List<Tuple>> buffers = new ArrayList<>();
  private long malformed;

  /** Creates and opens every stage; closes what it opened if one fails. */
  public LocalPipeline(JobSpec job, CsvSchema sourceSchema) {
    try {
      for (int i = 0; i < job.stageCount(); i++) {
        Operator op = Operators.create(job.operators().get(i), job.stageParams(i));
        stages.add(op);
        op.open(
            new OperatorContext(
                JobSpec.stageName(i),
                0,
                1,
                job.stageParams(i),
                job.stageInputSchema(i, sourceSchema),
                new InMemoryStateStore(false)));
        buffers.add(new ArrayList<>());
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Pushes one source tuple through all stages; final outputs go to {@code sink}. */
  public void accept(Tuple input, Consumer<Tuple> sink) {
    push(0, input, sink);
  }

  private void push(int stage, Tuple t, Consumer<Tuple> sink) {
    if (stage == stages.size()) {
      sink.accept(t);
      return;
    }
    List<Tuple> out = buffers.get(stage);
    out.clear();
    try {
      stages.get(stage).process(t, out::add);
    } catch (MalformedRecordException e) {
      malformed++;
      out.clear();
      return;
    }
    if (out.size() == 1) {
      push(stage + 1, out.get(0), sink);
    } else {
      for (Tuple o : List.copyOf(out)) {
        push(stage + 1, o, sink);
      }
    }
  }

  /** Inputs dropped as malformed so far (at any stage). */
  public long malformed() {
    return malformed;
  }

  @Override
  public void close() {
    for (Operator op : stages) {
      op.close();
    }
  }

  /**
   * Runs {@code job} over a local file (line 1 is the header unless the job says otherwise) and
   * returns the output values in order.
   */
  public static List<String> run(JobSpec job, Path file) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      CsvSchema schema = CsvSchema.none();
      long lineNo = 1;
      String line = r.readLine();
      if (line != null && job.header()) {
        schema = header(line);
        line = r.readLine();
        lineNo++;
      }
      String name = file.getFileName().toString();
      try (LocalPipeline p = new LocalPipeline(job, schema)) {
        for (; line != null; line = r.readLine(), lineNo++) {
          p.accept(Tuple.fromSource(name, lineNo, line), t -> out.add(t.value()));
        }
      }
    }
    return out;
  }

  private static CsvSchema header(String line) {
    try {
      return CsvSchema.fromHeader(line);
    } catch (MalformedCsvException e) {
      throw new OperatorException("the header line of the source is not CSV: " + e.getMessage());
    }
  }
}
