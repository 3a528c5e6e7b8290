package org.dsuite.rainstorm.engine.task;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dsuite.rainstorm.api.Tuple;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.dsuite.rainstorm.api.gen.DatasetWriter;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.api.job.Dataset;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.api.ops.LineBytesFilter;
import org.dsuite.rainstorm.engine.core.Actions;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.Output;
import org.dsuite.rainstorm.engine.core.Router;
import org.dsuite.rainstorm.engine.core.TaskCore;
import org.dsuite.rainstorm.engine.core.TaskCoreConfig;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.core.TaskLogic;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.dsuite.rainstorm.engine.io.BytesOut;
import org.dsuite.rainstorm.engine.net.Frame;
import org.dsuite.rainstorm.engine.net.FrameRoundTrip;
import org.dsuite.rainstorm.engine.net.TaskAddress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * App2's task-thread work in one thread, without threads, sockets or the log: the source's byte
 * filter and chained filter-equals, the keyed router, count-by, the sink, every batch and ack
 * through the frame codec both ways, every record released as soon as it is handed out. Reports CPU
 * ns and bytes allocated per input row (this thread's own counters, which other processes on a
 * loaded machine hardly move). Not a test: {@code -Dtest=App2HotPathBench -Psoak}, rows {@code
 * -Dapp2.rows} (default 1 000 000), rounds {@code -Dapp2.rounds} (5).
 */
@Tag("soak")
class App2HotPathBench {
  private static final int TASKS = 3;
  private static final int BATCH_LINES = 256;
  private static final String FILE = "hdfs://localhost:9000/bench/traffic-1M.csv";

  private final FrameRoundTrip wire = new FrameRoundTrip();
  private TaskCore source;
  private final TaskCore[] countBy = new TaskCore[TASKS];
  private TaskCore sink;
  private final ArrayDeque<Runnable> deliveries = new ArrayDeque<>();
  private final BytesOut dest = new BytesOut(1 << 20);
  private final Set<TupleId> written = new HashSet<>();
  private long outputs;

  @Test
  void bench() throws Exception {
    int rows = Integer.getInteger("app2.rows", 1_000_000);
    int rounds = Integer.getInteger("app2.rounds", 5);
    byte[] bytes = generate(rows);
    List<int[]> lines = new ArrayList<>();
    for (int start = 0, i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        lines.add(new int[] {start, i});
        start = i + 1;
      }
    }
    String header = new String(bytes, 0, lines.get(0)[1], StandardCharsets.UTF_8);
    CsvSchema schema = CsvSchema.fromHeader(header);
    JobSpec job = BenchmarkApps.TRAFFIC_APP2.job(FILE, "hdfs://localhost:9000/out", TASKS);
    LineBytesFilter filter =
        LineBytesFilter.of("filter-equals", job.stageParams(0), job.stageInputSchema(0, schema));
    var cpu = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    for (int round = 0; round < rounds; round++) {
      setUp(job, schema);
      outputs = 0;
      long cpu0 = cpu.getCurrentThreadCpuTime();
      long alloc0 = cpu.getThreadAllocatedBytes(tid);
      List<DataTuple> batch = new ArrayList<>(BATCH_LINES);
      for (int n = 1; n < lines.size(); n++) {
        int[] l = lines.get(n);
        if (filter.mayKeep(bytes, l[0], l[1])) {
          String line = new String(bytes, l[0], l[1] - l[0], StandardCharsets.UTF_8);
          batch.add(
              new DataTuple(TupleId.ofSourceLine(n + 1), Tuple.sourceKey(FILE, n + 1), line, n));
        }
        if (n % BATCH_LINES == 0 || n == lines.size() - 1) {
          if (!batch.isEmpty()) {
            release(source, source.onInputs(0, -1, batch), 0, -1);
            batch = new ArrayList<>(BATCH_LINES);
          }
          drain();
        }
      }
      long cpuNs = cpu.getCurrentThreadCpuTime() - cpu0;
      long allocated = cpu.getThreadAllocatedBytes(tid) - alloc0;
      System.out.printf(
          Locale.ROOT,
          "app2-hot-path round %d: %d rows, %d outputs, %.0f ns CPU/row, %.0f B allocated/row%n",
          round,
          rows,
          outputs,
          cpuNs / (double) rows,
          allocated / (double) rows);
    }
  }

  private static byte[] generate(int rows) throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    new DatasetWriter(Dataset.TRAFFIC_SIGNS, 11).write(data, rows, null, 0);
    return data.toByteArray();
  }

  private void setUp(JobSpec job, CsvSchema schema) {
    TaskCoreConfig config = new TaskCoreConfig(1 << 30, 1 << 30);
    Router keyed =
        StageRouters.into(
            "count-by", job.stageParams(1), "op2", TASKS, job.stageInputSchema(1, schema));
    source =
        new TaskCore(
            new TaskKey(0, 0),
            new OperatorTaskLogic(
                "filter-equals",
                job.stageParams(0),
                "op1",
                0,
                TASKS,
                job.stageInputSchema(0, schema)),
            keyed,
            config);
    for (int t = 0; t < TASKS; t++) {
      countBy[t] =
          new TaskCore(
              new TaskKey(1, t),
              new OperatorTaskLogic(
                  "count-by", job.stageParams(1), "op2", t, TASKS, job.stageInputSchema(1, schema)),
              Router.single(),
              config);
    }
    sink = new TaskCore(new TaskKey(2, 0), TaskLogic.identity(), Router.single(), config);
    dest.reset();
    written.clear();
  }

  /** Handles a core's actions as the shell would with an instantly durable log. */
  private void release(TaskCore core, Actions a, int stage, int task) throws IOException {
    long lsn = a.append().isEmpty() ? 0 : a.append().get(a.append().size() - 1).lsn();
    Actions done = lsn > 0 ? core.onDurable(0, lsn) : a;
    if (lsn > 0 && !a.send().isEmpty()) {
      throw new IllegalStateException("sends before durable");
    }
    TaskKey self = new TaskKey(stage, Math.max(task, 0));
    new TaskSends(self, new Wire(stage)).acks(done.acks());
    if (stage < 2) {
      new TaskSends(self, new Wire(stage)).outputs(done.send());
    } else {
      List<TupleId> ids = new ArrayList<>(done.send().size());
      for (Output o : done.send()) {
        if (written.add(o.id())) {
          dest.appendUtf8(o.tuple().value());
          dest.write('\n');
          ids.add(o.id());
          outputs++;
        }
      }
      for (TupleId id : ids) {
        written.remove(id); // one by one: removeAll(list) is quadratic here (SinkWriter.taken)
      }
      if (!ids.isEmpty()) {
        sink.onAcked(0, ids, dest.size());
      }
    }
  }

  private void drain() throws IOException {
    for (Runnable r = deliveries.poll(); r != null; r = deliveries.poll()) {
      r.run();
    }
  }

  /** The data plane, as frames through the codec, delivered in order. */
  private final class Wire implements Outbound {
    private final int fromStage;

    Wire(int fromStage) {
      this.fromStage = fromStage;
    }

    @Override
    public void send(TaskKey to, int fromTask, List<DataTuple> tuples) throws IOException {
      Frame.Batch b =
          (Frame.Batch)
              wire.roundTrip(
                  new Frame.Batch(new TaskAddress("job", to.stage(), to.task()), fromTask, tuples));
      TaskCore core = to.stage() == 1 ? countBy[to.task()] : sink;
      deliveries.add(
          () -> {
            try {
              release(core, core.onInputs(0, b.fromTask(), b.tuples()), to.stage(), to.task());
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          });
    }

    @Override
    public void ack(TaskKey to, int fromTask, List<TupleId> ids) throws IOException {
      Frame.Acks a =
          (Frame.Acks)
              wire.roundTrip(
                  new Frame.Acks(new TaskAddress("job", to.stage(), to.task()), fromTask, ids));
      TaskCore core = to.stage() == 0 ? source : countBy[to.task()];
      deliveries.add(() -> core.onAcked(0, a.ids()));
    }
  }
}
