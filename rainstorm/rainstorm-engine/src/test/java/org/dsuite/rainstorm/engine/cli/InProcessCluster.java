package org.dsuite.rainstorm.engine.cli;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.dsuite.common.config.Settings;
import org.dsuite.common.net.HostPort;
import org.dsuite.rainstorm.engine.core.TaskCoreConfig;
import org.dsuite.rainstorm.engine.leader.LeaderConfig;
import org.dsuite.rainstorm.engine.leader.SwimWorkers;
import org.dsuite.rainstorm.engine.leader.WorkerRegistry;
import org.dsuite.rainstorm.engine.leader.ZkLayout;
import org.dsuite.rainstorm.engine.log.TaskLogConfig;
import org.dsuite.rainstorm.engine.net.DataPlaneConfig;
import org.dsuite.rainstorm.engine.worker.Worker;
import org.dsuite.rainstorm.engine.worker.WorkerConfig;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.udp.SwimMember;

/**
 * Workers in this JVM on a shared ZooKeeper, task logs on local files: enough of a cluster to run
 * {@code rainstorm submit} in-process and check what it prints and reports. Closing it stops every
 * worker.
 */
final class InProcessCluster implements AutoCloseable {
  final String root;
  final TestingServer zkServer;
  private final List<Worker> workers = new ArrayList<>();
  private final List<SwimMember> members = new ArrayList<>();
  private final CuratorFramework zk;

  InProcessCluster(TestingServer zkServer, String root, Path dir, int n, String... extra)
      throws Exception {
    this.zkServer = zkServer;
    this.root = root;
    this.zk =
        CuratorFrameworkFactory.newClient(
            zkServer.getConnectString(), 10_000, 10_000, new RetryOneTime(100));
    zk.start();
    try {
      for (int i = 1; i <= n; i++) {
        Settings.Builder b =
            Settings.builder()
                .set("rainstorm.zk", zkServer.getConnectString())
                .set("rainstorm.hdfs", "file://" + dir.resolve("logs"))
                .set("rainstorm.worker.id", "w" + i)
                .set("rainstorm.state-dir", dir.resolve("state-w" + i).toString())
                .set("rainstorm.leader.zk-root", root)
                .set("rainstorm.leader.reconcile-interval-ms", "200")
                .set("rainstorm.worker.zk-session-timeout-ms", "3000");
        for (String kv : extra) {
          b.set(kv);
        }
        Settings s = b.build();
        workers.add(
            Worker.start(
                WorkerConfig.from(s),
                TaskCoreConfig.from(s),
                TaskLogConfig.from(s),
                DataPlaneConfig.from(s),
                LeaderConfig.from(s),
                member("w" + i)));
      }
      WorkerRegistry reg = new WorkerRegistry(zk, new ZkLayout(root));
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> reg.live().size() == n);
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /**
   * Each worker's swim member (its failure detector), on a free loopback port, joining through the
   * first one.
   */
  private SwimMember member(String workerId) {
    SwimConfig c =
        SwimConfig.local()
            .with(
                b -> {
                  b.seeds =
                      members.isEmpty() ? List.of() : List.<HostPort>of(members.get(0).address());
                  b.leaveWaitMs = 0;
                });
    SwimMember m = SwimMember.start(c, SwimWorkers.metadata(workerId));
    members.add(m);
    return m;
  }

  /** The outcome of one in-process {@code rainstorm} command. */
  record Run(int exit, String stdout, String stderr, long firstStdoutAtMs) {}

  /** Captures bytes and the wall-clock time of the first write. */
  private static final class TimedCapture extends ByteArrayOutputStream {
    volatile long firstWriteAtMs = -1;

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      if (firstWriteAtMs < 0 && len > 0) {
        firstWriteAtMs = System.currentTimeMillis();
      }
      super.write(b, off, len);
    }

    @Override
    public synchronized void write(int b) {
      if (firstWriteAtMs < 0) {
        firstWriteAtMs = System.currentTimeMillis();
      }
      super.write(b);
    }
  }

  /** Runs {@code rainstorm ARGS --zk .. --zk-root ..} in this JVM, capturing stdout and stderr. */
  Run rainstorm(List<String> args) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--zk", zkServer.getConnectString(), "--zk-root", root));
    TimedCapture out = new TimedCapture();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    int exit;
    synchronized (System.class) {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      try {
        exit = RainstormMain.commandLine().execute(all.toArray(String[]::new));
      } finally {
        System.setOut(oldOut);
        System.setErr(oldErr);
      }
    }
    String stderr = err.toString(StandardCharsets.UTF_8);
    oldErr.println(stderr);
    return new Run(exit, out.toString(StandardCharsets.UTF_8), stderr, out.firstWriteAtMs);
  }

  @Override
  public void close() throws Exception {
    for (Worker w : workers) {
      try {
        w.close();
      } catch (Exception e) {
        System.err.println("closing a worker: " + e);
      }
    }
    for (SwimMember m : members) {
      m.kill();
    }
    zk.close();
  }
}
