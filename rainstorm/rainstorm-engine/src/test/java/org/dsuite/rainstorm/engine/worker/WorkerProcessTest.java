package org.dsuite.rainstorm.engine.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.dsuite.common.net.HostPort;
import org.dsuite.rainstorm.api.gen.DatasetWriter;
import org.dsuite.rainstorm.api.job.BenchmarkApp;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.api.job.Dataset;
import org.dsuite.rainstorm.api.job.DeliveryMode;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.api.reference.Reference;
import org.dsuite.rainstorm.api.reference.ReferenceResult;
import org.dsuite.rainstorm.engine.cli.RainstormMain;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.leader.Assignment;
import org.dsuite.rainstorm.engine.leader.JobState;
import org.dsuite.rainstorm.engine.leader.JobStore;
import org.dsuite.rainstorm.engine.leader.SwimWorkers;
import org.dsuite.rainstorm.engine.leader.TaskProgress;
import org.dsuite.rainstorm.engine.leader.WorkerRegistry;
import org.dsuite.rainstorm.engine.leader.ZkLayout;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.MembershipListener;
import org.dsuite.swim.udp.SwimMember;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole system in separate processes: ZooKeeper and a MiniDFSCluster in this JVM, three worker
 * JVMs (each also a leader candidate and a swim member) and the {@code rainstorm submit} CLI as a
 * fourth JVM. The CLI's stdout and the destination on HDFS must equal rainstorm-api's reference,
 * also when two workers, or the leader's worker and another, are SIGKILLed mid-run. This JVM also
 * runs a swim member of the group, as an independent observer of swim's detection time.
 */
class WorkerProcessTest {
  private static final int WORKERS = 3;

  /** Which workers a run SIGKILLs about 1.5 s in. */
  enum Kill {
    NONE,
    /** Two workers that are not the leader: recovery is swim detection + task restart. */
    TWO_WORKERS,
    /** The leader's worker and one other: the standby leader must take over the job too. */
    LEADER_AND_ANOTHER
  }

  private static TestingServer zkServer;
  private static MiniDFSCluster cluster;
  private static DistributedFileSystem fs;
  private static Path tmp;

  private final List<Process> processes = new ArrayList<>();
  private final List<Path> outputs = new ArrayList<>();
  private CuratorFramework zk;
  private String root;
  private SwimMember observer;
  private final Map<String, Long> swimFailedAtNanos =
      new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeAll
  static void startServices() throws Exception {
    tmp = Files.createTempDirectory("rainstorm-procs");
    // A 500 ms tick allows short sessions, so a killed worker's registration ends within seconds.
    zkServer = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1), true);
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
    // A moved task first waits for HDFS to recover the lease of the dead writer's log segment,
    // which needs a DataNode heartbeat (3 s by default): 1 s here, so recovery time shows what
    // the engine adds, not HDFS's heartbeat period (a cluster setting).
    conf.setLong("dfs.heartbeat.interval", 1);
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    fs = cluster.getFileSystem();
  }

  @AfterAll
  static void stopServices() throws Exception {
    if (cluster != null) {
      cluster.shutdown(true);
    }
    if (zkServer != null) {
      zkServer.close();
    }
  }

  @AfterEach
  void stopProcesses() throws Exception {
    if (observer != null) {
      observer.kill();
      observer = null;
    }
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    if (zk != null) {
      zk.close();
    }
  }

  private static String hdfs(String path) {
    return cluster.getURI() + path;
  }

  private Process java(String name, String main, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    cmd.addAll(List.of("-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    String extra = System.getProperty("rainstorm.test.jvm-args", "");
    if (!extra.isBlank() && name.startsWith("w")) {
      // e.g. -XX:StartFlightRecording=filename=... for profiling the workers in the benchmark
      cmd.addAll(Arrays.asList(extra.replace("{name}", name).split(" ")));
    }
    cmd.add("-Ddsuite.log.dir=" + tmp.resolve("logs-" + root.substring(1)));
    cmd.add("-Ddsuite.log.name=" + name);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
    cmd.addAll(args);
    Path out = tmp.resolve(root.substring(1) + "-" + name + ".out");
    Path err = tmp.resolve(root.substring(1) + "-" + name + ".err");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    processes.add(p);
    outputs.add(err);
    return p;
  }

  private static int freeUdpPort() throws IOException {
    try (java.net.DatagramSocket s =
        new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private List<Process> startWorkers() throws Exception {
    List<Process> ws = new ArrayList<>();
    List<String> swimPorts = new ArrayList<>();
    for (int i = 1; i <= WORKERS; i++) {
      swimPorts.add("127.0.0.1:" + freeUdpPort());
    }
    for (int i = 1; i <= WORKERS; i++) {
      List<String> seeds = new ArrayList<>(swimPorts);
      String own = seeds.remove(i - 1);
      ws.add(
          java(
              "w" + i,
              WorkerMain.class.getName(),
              List.of(
                  "--set",
                  "rainstorm.zk=" + zkServer.getConnectString(),
                  "--set",
                  "rainstorm.hdfs=" + cluster.getURI(),
                  "--set",
                  "rainstorm.worker.id=w" + i,
                  "--set",
                  "rainstorm.hdfs-replace-datanode-on-failure=false",
                  "--set",
                  "rainstorm.state-dir=" + tmp.resolve("state-w" + i),
                  "--set",
                  "rainstorm.leader.zk-root=" + root,
                  "--set",
                  "rainstorm.leader.reconcile-interval-ms=200",
                  "--set",
                  "rainstorm.worker.zk-session-timeout-ms=3000",
                  "--set",
                  "rainstorm.log.lease-recovery-timeout-ms=20000",
                  "--set",
                  "rainstorm.task.resend-timeout-ms=1000",
                  "--set",
                  "swim.port=" + HostPort.parse(own).port(),
                  "--set",
                  "swim.seeds=" + String.join(",", seeds),
                  // SwimConfig.local()'s period: detection within a couple of seconds
                  "--set",
                  "swim.probe-interval-ms=200",
                  "--set",
                  "swim.probe-timeout-ms=100")));
    }
    startObserver(swimPorts);
    zk =
        CuratorFrameworkFactory.newClient(
            zkServer.getConnectString(), 10_000, 10_000, new RetryOneTime(100));
    zk.start();
    WorkerRegistry reg = new WorkerRegistry(zk, new ZkLayout(root));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> reg.live().size() == WORKERS && SwimWorkers.inGroup(observer).size() == WORKERS);
    return ws;
  }

  /** A swim member in this JVM that records when the group declares each worker failed. */
  private void startObserver(List<String> seeds) {
    swimFailedAtNanos.clear();
    SwimConfig c =
        SwimConfig.local().with(b -> b.seeds = seeds.stream().map(HostPort::parse).toList());
    observer = SwimMember.start(c, Map.of());
    observer.addListener(
        new MembershipListener() {
          @Override
          public void onFail(MemberInfo m) {
            String w = m.metadata().get(SwimWorkers.METADATA_KEY);
            if (w != null) {
              swimFailedAtNanos.putIfAbsent(w, System.nanoTime());
            }
          }
        });
  }

  private static List<String> writeInput(String file, int rows) throws IOException {
    try (OutputStream o = fs.create(new org.apache.hadoop.fs.Path(file))) {
      new DatasetWriter(Dataset.TRAFFIC_SIGNS, 11).write(o, rows, null, 0);
    }
    return readLines(file);
  }

  private static List<String> readLines(String file) throws IOException {
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(file))) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }
  }

  /** Runs one app exactly-once through {@code rainstorm submit}. */
  private double runApp(BenchmarkApp app, String name, int rows, Kill kill) throws Exception {
    return runApp(app, name, rows, kill, DeliveryMode.EXACTLY_ONCE);
  }

  /**
   * Runs one app through {@code rainstorm submit}; kills two workers mid-run if asked.
   *
   * @return seconds from the job's creation to DONE (ZooKeeper znode times)
   */
  private double runApp(BenchmarkApp app, String name, int rows, Kill kill, DeliveryMode mode)
      throws Exception {
    root = "/" + name;
    List<String> input = writeInput("/in/" + name + ".csv", rows);
    List<Process> workers = startWorkers();
    JobSpec job =
        app.job(hdfs("/in/" + name + ".csv"), hdfs("/out/" + name + ".out"), 3).withMode(mode);
    List<String> args = new ArrayList<>(List.of("submit"));
    args.addAll(job.toArgs());
    args.addAll(List.of("--zk", zkServer.getConnectString(), "--zk-root", root));
    long t0 = System.nanoTime();
    Process submit = java("submit", RainstormMain.class.getName(), args);
    if (kill != Kill.NONE) {
      JobStore store = new JobStore(zk, new ZkLayout(root));
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () ->
                  store.jobIds().size() == 1
                      && store.assignment(store.jobIds().get(0)).version() >= 0);
      Thread.sleep(1_500);
      String id = store.jobIds().get(0);
      assertThat(store.state(id))
          .as("the job still runs when workers die")
          .isEqualTo(JobState.RUNNING);
      String leader = new LeaderLatch(zk, new ZkLayout(root).leader(), "probe").getLeader().getId();
      int first = Integer.parseInt(leader.substring(1)) - 1;
      List<Integer> victims =
          kill == Kill.LEADER_AND_ANOTHER
              ? List.of(first, (first + 1) % WORKERS)
              : List.of((first + 1) % WORKERS, (first + 2) % WORKERS);
      Assignment before = store.assignment(id).assignment().orElseThrow();
      long killedAt = System.nanoTime();
      for (int v : victims) {
        workers.get(v).destroyForcibly().waitFor();
      }
      List<String> dead = victims.stream().map(v -> "w" + (v + 1)).toList();
      measureRecovery(store, id, before, dead, killedAt, name);
    }
    boolean ended = submit.waitFor(120, TimeUnit.SECONDS);
    double secs = (System.nanoTime() - t0) / 1e9;
    if (!ended) {
      dumpThreads(workers, name);
    }
    String stderr = Files.readString(tmp.resolve(name + "-submit.err"));
    assertThat(ended).as("submit ended; stderr: %s", stderr).isTrue();
    assertThat(submit.exitValue()).as("submit exit; stderr: %s", stderr).isZero();
    assertThat(stderr).contains("DONE").contains(" in ").contains("/s) out ");
    System.out.printf(
        "%s: %d rows in %.1f s (%.0f rows/s incl. JVM start)%n", name, rows, secs, rows / secs);

    ReferenceResult ref = Reference.run(app.job("/in", "/out", 3), input);
    assertThat(ref.lines()).isNotEmpty();
    List<String> dest = readLines("/out/" + name + ".out");
    assertThat(dest).containsExactlyInAnyOrderElementsOf(ref.lines());
    List<String> printed = Files.readAllLines(tmp.resolve(name + "-submit.out"));
    assertThat(printed).containsExactlyInAnyOrderElementsOf(ref.lines());
    if (app.stateful()) {
      assertThat(Reference.finalCounts(dest)).isEqualTo(ref.finalCounts());
    }
    ZkLayout layout = new ZkLayout(root);
    String id = new JobStore(zk, layout).jobIds().get(0);
    long created = zk.checkExists().forPath(layout.job(id)).getCtime();
    long done = zk.checkExists().forPath(layout.state(id)).getMtime();
    return (done - created) / 1000.0;
  }

  /**
   * Waits until the killed workers' tasks run elsewhere and output flows again, and prints that
   * time next to swim's detection time (as this JVM's swim member saw it). "Flowing again": every
   * task that was on a killed worker reports from a live worker under the new assignment, and the
   * sink has processed more inputs since (or the job is already DONE).
   */
  private void measureRecovery(
      JobStore store, String id, Assignment before, List<String> dead, long killedAt, String name)
      throws Exception {
    Set<TaskKey> moved = new java.util.HashSet<>();
    before
        .workers()
        .forEach(
            (k, w) -> {
              if (dead.contains(w)) {
                moved.add(k);
              }
            });
    TaskKey sink = before.workers().keySet().stream().max(TaskKey::compareTo).orElseThrow();
    long[] sinkInputs = {-1};
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              if (store.state(id) == JobState.DONE) {
                return true;
              }
              Assignment now = store.assignment(id).assignment().orElseThrow();
              if (dead.stream().anyMatch(now.workers()::containsValue)) {
                return false;
              }
              Map<TaskKey, JobStore.Report> p = store.progress(id);
              for (TaskKey k : moved) {
                JobStore.Report r = p.get(k);
                if (r == null
                    || r.progress().epoch() < now.epoch()
                    || dead.contains(r.progress().worker())) {
                  return false;
                }
              }
              TaskProgress s = p.get(sink).progress();
              if (s.epoch() < now.epoch() || dead.contains(s.worker())) {
                return false;
              }
              if (sinkInputs[0] < 0) {
                sinkInputs[0] = s.inputs();
                return false;
              }
              return s.inputs() > sinkInputs[0];
            });
    double recovery = (System.nanoTime() - killedAt) / 1e9;
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> swimFailedAtNanos.keySet().containsAll(dead));
    double detection =
        dead.stream().mapToLong(swimFailedAtNanos::get).max().orElseThrow() / 1e9 - killedAt / 1e9;
    String line =
        String.format(
            "%s: SIGKILL %s -> swim detection %.2f s, output flowing again %.2f s (%.2f x)%n",
            name, dead, detection, recovery, recovery / detection);
    System.out.print(line);
    Files.writeString(
        Path.of("target", "rainstorm-recovery.txt"),
        line,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  /** On a hang, keeps the live workers' thread dumps next to their logs for diagnosis. */
  private static void dumpThreads(List<Process> workers, String name) {
    for (Process w : workers) {
      if (!w.isAlive()) {
        continue;
      }
      try {
        Process j =
            new ProcessBuilder(System.getProperty("java.home") + "/bin/jstack", "" + w.pid())
                .redirectOutput(tmp.resolve(name + "-jstack-" + w.pid()).toFile())
                .start();
        if (!j.waitFor(30, TimeUnit.SECONDS)) {
          j.destroyForcibly().waitFor();
        }
      } catch (IOException e) {
        System.err.println("no thread dump of " + w.pid() + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static int cli(String command, String job, List<String> zkArgs) {
    List<String> args = new ArrayList<>(List.of(command));
    if (job != null) {
      args.add(job);
    }
    args.addAll(zkArgs);
    return RainstormMain.commandLine().execute(args.toArray(String[]::new));
  }

  private void restart() throws Exception {
    stopProcesses();
    processes.clear();
    zk = null;
  }

  /**
   * End-to-end throughput: App1 and App2 exactly-once, App2 at-least-once, on {@code
   * -Drainstorm.bench.rows} rows (default 200 K), 3 tasks per stage on 3 worker processes; the time
   * is from the job's znode creation to its DONE state. Writes target/engine-bench.md. {@code
   * -Drainstorm.bench.runs=b-app1-eo,b-app1-alo} picks runs; {@code -Drainstorm.test.jvm-args=...}
   * adds worker JVM flags ({name} = w1..w3), e.g. a JFR recording.
   */
  @Tag("soak")
  @Test
  void benchmark() throws Exception {
    int rows = Integer.getInteger("rainstorm.bench.rows", 200_000);
    StringBuilder md =
        new StringBuilder("| app | mode | rows | job s | rows/s |\n|---|---|---|---|---|\n");
    Object[][] runs = {
      {BenchmarkApps.TRAFFIC_APP1, DeliveryMode.EXACTLY_ONCE, "b-app1-eo"},
      {BenchmarkApps.TRAFFIC_APP1, DeliveryMode.AT_LEAST_ONCE, "b-app1-alo"},
      {BenchmarkApps.TRAFFIC_APP2, DeliveryMode.EXACTLY_ONCE, "b-app2-eo"},
      {BenchmarkApps.TRAFFIC_APP2, DeliveryMode.AT_LEAST_ONCE, "b-app2-alo"},
    };
    List<String> only = Arrays.asList(System.getProperty("rainstorm.bench.runs", "").split(","));
    for (Object[] r : runs) {
      if (!only.equals(List.of("")) && !only.contains((String) r[2])) {
        continue;
      }
      BenchmarkApp app = (BenchmarkApp) r[0];
      DeliveryMode mode = (DeliveryMode) r[1];
      double secs = runApp(app, (String) r[2], rows, Kill.NONE, mode);
      md.append(
          String.format(
              "| %s | %s | %d | %.1f | %.0f |%n", app.id(), mode, rows, secs, rows / secs));
      restart();
    }
    Files.writeString(Path.of("target", "engine-bench.md"), md.toString());
    System.out.println(md);
  }

  @Test
  void app1AndApp2OnThreeWorkerProcesses() throws Exception {
    runApp(BenchmarkApps.TRAFFIC_APP1, "app1", 20_000, Kill.NONE);
    String id = new JobStore(zk, new ZkLayout(root)).jobIds().get(0);
    List<String> at = List.of("--zk", zkServer.getConnectString(), "--zk-root", root);
    assertThat(cli("status", id, at)).isZero();
    assertThat(cli("status", "no-such-job", at)).isEqualTo(1);
    assertThat(cli("kill", "no-such-job", at)).isEqualTo(1);
    assertThat(cli("list", null, at)).isZero();
    assertThat(cli("kill", id, at)).as("a DONE job stays DONE").isZero();
    assertThat(new JobStore(zk, new ZkLayout(root)).state(id)).isEqualTo(JobState.DONE);
    restart();
    runApp(BenchmarkApps.TRAFFIC_APP2, "app2", 20_000, Kill.NONE);
  }

  /** MP4's demo: two workers SIGKILLed ~1.5 s in; also measures recovery vs swim detection. */
  @Test
  void app2ExactlyOnceWithTwoWorkersKilled() throws Exception {
    runApp(BenchmarkApps.TRAFFIC_APP2, "app2kill", 60_000, Kill.TWO_WORKERS);
  }

  /**
   * The leader's worker and another SIGKILLed mid-job: the standby wins the latch, takes the
   * running job over from ZooKeeper and reschedules; the output is still exactly once.
   */
  @Test
  void app2ExactlyOnceWithLeaderAndAnotherWorkerKilled() throws Exception {
    runApp(BenchmarkApps.TRAFFIC_APP2, "app2leader", 60_000, Kill.LEADER_AND_ANOTHER);
  }

  @Test
  void submitRefusesBadJobsWithExitCode2() throws Exception {
    Path local = Files.createTempDirectory("rainstorm-cli");
    Path src = local.resolve("in.csv");
    Files.writeString(src, "a,b\n1,2\n");
    Path existing = local.resolve("out.txt");
    Files.writeString(existing, "x\n");
    String srcUri = src.toUri().toString();
    Map<String, List<String>> bad =
        Map.of(
            "unknown operator",
            List.of(
                "submit",
                "no-such-op",
                "select",
                srcUri,
                local.resolve("o1").toUri().toString(),
                "3"),
            "missing source",
            List.of(
                "submit",
                "filter-contains",
                "select",
                local.resolve("nope.csv").toUri().toString(),
                local.resolve("o2").toUri().toString(),
                "3",
                "--param",
                "op1.pattern=x",
                "--param",
                "op2.columns=a"),
            "existing destination",
            List.of(
                "submit",
                "filter-contains",
                "select",
                srcUri,
                existing.toUri().toString(),
                "3",
                "--param",
                "op1.pattern=x",
                "--param",
                "op2.columns=a"),
            "HyDFS name",
            List.of(
                "submit",
                "filter-contains",
                "select",
                "traffic.csv",
                "app1.out",
                "3",
                "--param",
                "op1.pattern=x",
                "--param",
                "op2.columns=a"));
    bad.forEach(
        (why, args) ->
            assertThat(RainstormMain.commandLine().execute(args.toArray(String[]::new)))
                .as(why)
                .isEqualTo(2));
    assertThat(Files.readString(existing)).isEqualTo("x\n");
    assertThat(local.resolve("o1")).doesNotExist();
  }
}
