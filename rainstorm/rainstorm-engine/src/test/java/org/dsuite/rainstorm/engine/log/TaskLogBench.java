package org.dsuite.rainstorm.engine.log;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.LogRecord;
import org.dsuite.rainstorm.engine.core.Output;
import org.dsuite.rainstorm.engine.core.StateChange;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Micro-benchmark of task-log throughput on a MiniDFSCluster (3 DataNodes, replication 3): one
 * writer appends App2-shaped records (one input, one state change, one output) as fast as it can;
 * records/s and flushes/s per commit interval and durability. Not a timed test: it measures and
 * prints, it asserts nothing about speed. Run it with
 *
 * <pre>mvn -o -B -pl rainstorm/rainstorm-engine verify -Psoak -Dtest=TaskLogBench
 * -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * and read target/log-bench.md.
 */
@Tag("soak")
class TaskLogBench {
  private static final int RECORDS = 300_000;

  @Test
  void throughputByCommitInterval() throws Exception {
    java.nio.file.Path base = Files.createTempDirectory("rainstorm-log-bench");
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(3).build();
    StringBuilder report = new StringBuilder();
    report
        .append("| durability | commit interval ms | records | records/s | flushes | ")
        .append("records/flush | MB/s |\n|---|---|---|---|---|---|---|\n");
    try {
      cluster.waitActive();
      FileSystem fs = cluster.getFileSystem();
      List<LogRecord> records = records();
      run(fs, records, 0, TaskLogConfig.Durability.HFLUSH); // warm-up
      for (TaskLogConfig.Durability d : TaskLogConfig.Durability.values()) {
        for (long interval : new long[] {0, 1, 2, 5, 10}) {
          report.append(run(fs, records, interval, d));
        }
      }
    } finally {
      cluster.shutdown(true);
    }
    java.nio.file.Path out = java.nio.file.Path.of("target", "log-bench.md");
    Files.writeString(out, report.toString());
    System.out.println(report);
  }

  private static List<LogRecord> records() {
    List<LogRecord> rs = new ArrayList<>(RECORDS);
    for (int i = 0; i < RECORDS; i++) {
      TupleId in = TupleId.ofSourceLine(i);
      String key = "Category" + (i % 7);
      DataTuple out = new DataTuple(in.child(2, 0), key, key + "," + (i / 7 + 1));
      rs.add(
          new LogRecord.Processed(
              i + 1,
              in,
              i % 3,
              List.of(new StateChange(key, Long.toString(i / 7 + 1))),
              List.of(new Output(out, 0))));
    }
    return rs;
  }

  private static String run(
      FileSystem fs, List<LogRecord> records, long intervalMs, TaskLogConfig.Durability d)
      throws IOException, InterruptedException {
    Path dir = new Path("/bench/" + d + "-" + intervalMs + "-" + System.nanoTime());
    TaskLogConfig cfg = new TaskLogConfig(intervalMs, 1 << 20, 16 << 20, d, 1_000_000, 30_000);
    AtomicLong durable = new AtomicLong();
    long t0 = System.nanoTime();
    TaskLogWriter w =
        TaskLogWriter.open(
            fs,
            dir,
            1,
            cfg,
            new TaskLogWriter.Listener() {
              @Override
              public void onDurable(long lsn) {
                durable.set(lsn);
              }

              @Override
              public void onFailure(IOException e) {}
            });
    for (int i = 0; i < records.size(); i += 100) {
      w.append(records.subList(i, Math.min(records.size(), i + 100)));
    }
    w.close();
    double s = (System.nanoTime() - t0) / 1e9;
    long flushes = w.flushes();
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d | %.0f | %d | %.0f | %.1f |%n",
        d.name().toLowerCase(Locale.ROOT),
        intervalMs,
        records.size(),
        records.size() / s,
        flushes,
        records.size() / (double) Math.max(1, flushes),
        w.flushedBytes() / s / 1e6);
  }
}
