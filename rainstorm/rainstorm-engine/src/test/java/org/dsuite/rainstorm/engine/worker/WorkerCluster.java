package org.dsuite.rainstorm.engine.worker;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.dsuite.common.net.HostPort;
import org.dsuite.rainstorm.api.gen.DatasetWriter;
import org.dsuite.rainstorm.api.job.Dataset;
import org.dsuite.rainstorm.engine.leader.SwimWorkers;
import org.dsuite.rainstorm.engine.leader.WorkerRegistry;
import org.dsuite.rainstorm.engine.leader.ZkLayout;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.MembershipListener;
import org.dsuite.swim.udp.SwimMember;

/**
 * The services of the multi-process tests: ZooKeeper and a one-DataNode MiniDFSCluster in the test
 * JVM, worker JVMs started with {@link ProcessBuilder} (each a swim member and usually a leader
 * candidate), and a swim member in the test JVM that observes when the group declares each worker
 * failed. Every process it starts it stops by PID in {@link #stopRun()}.
 */
final class WorkerCluster implements AutoCloseable {
  static final int WORKERS = 3;

  /**
   * ZooKeeper session of the workers in these tests (explicit: leader takeover used to wait on it).
   */
  static final int ZK_SESSION_MS = 3_000;

  final TestingServer zkServer;
  final MiniDFSCluster dfs;
  final DistributedFileSystem fs;
  final Path tmp;

  /** Set by a run that failed in a way its logs explain: {@link #close} keeps {@link #tmp}. */
  private volatile boolean keep;

  // Per run.
  final List<Process> processes = new ArrayList<>();
  final Map<String, Long> swimFailedAtNanos = new ConcurrentHashMap<>();
  String root;
  CuratorFramework zk;
  private SwimMember observer;

  WorkerCluster() throws Exception {
    tmp = Files.createTempDirectory("rainstorm-procs");
    // A 500 ms tick allows short sessions, so a killed worker's registration ends within seconds.
    zkServer = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1), true);
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
    // A moved task waits until HDFS has fenced the dead writer's log segment (lease recovery),
    // which takes up to one DataNode heartbeat (3 s by default): 1 s here, so recovery time shows
    // what the engine adds rather than a cluster setting.
    conf.setLong("dfs.heartbeat.interval", 1);
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    dfs.waitActive();
    fs = dfs.getFileSystem();
  }

  /**
   * Stops everything and deletes the temporary directory (HDFS data, process logs), unless {@code
   * -Drainstorm.test.keep-logs=true} asks to keep it for diagnosis.
   */
  @Override
  public void close() throws Exception {
    stopRun();
    dfs.shutdown(true);
    zkServer.close();
    if (keep || Boolean.getBoolean("rainstorm.test.keep-logs")) {
      System.out.println("kept the processes' logs in " + tmp);
      return;
    }
    try (java.util.stream.Stream<Path> all = Files.walk(tmp)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Keeps the temporary directory (HDFS data, process logs, thread dumps) for diagnosis. */
  void keepFiles() {
    keep = true;
  }

  String hdfs(String path) {
    return dfs.getURI() + path;
  }

  ZkLayout layout() {
    return new ZkLayout(root);
  }

  List<String> zkArgs() {
    return List.of("--zk", zkServer.getConnectString(), "--zk-root", root);
  }

  /**
   * Starts a JVM running {@code main}; its stdout and stderr go to {@code tmp/RUN-NAME.out|err}.
   */
  Process java(String name, String main, List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    // Small, quick-starting JVMs for the tests; a benchmark passes the flags a real node would get
    // (e.g. -Drainstorm.test.base-jvm-args=-Xmx1g), since C1-only code caps throughput.
    String base =
        System.getProperty(
            "rainstorm.test.base-jvm-args", "-Xmx320m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
    cmd.addAll(Arrays.asList(base.trim().split(" +")));
    String extra = System.getProperty("rainstorm.test.jvm-args", "");
    if (!extra.isBlank() && name.startsWith("w")) {
      // e.g. -XX:StartFlightRecording=filename=... for profiling the workers in the benchmark
      cmd.addAll(Arrays.asList(extra.replace("{name}", name).split(" ")));
    }
    cmd.add("-Ddsuite.log.dir=" + tmp.resolve("logs-" + root.substring(1)));
    cmd.add("-Ddsuite.log.name=" + name);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
    cmd.addAll(args);
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(output(name, "out").toFile())
            .redirectError(output(name, "err").toFile())
            .start();
    processes.add(p);
    return p;
  }

  /** The worker processes' own log files ({@code rainstorm.state-dir}/logs). */
  List<Path> workerLogs() {
    List<Path> out = new ArrayList<>();
    for (int i = 1; i <= WORKERS; i++) {
      out.add(
          tmp.resolve("state-w" + i).resolve("logs").resolve("rainstorm-worker-w" + i + ".log"));
    }
    return out;
  }

  Path output(String name, String stream) {
    return tmp.resolve(root.substring(1) + "-" + name + "." + stream);
  }

  /**
   * Starts {@link #WORKERS} worker JVMs under ZooKeeper root {@code runRoot} and waits until all
   * are registered and in the swim group.
   *
   * @param notCandidates workers (1-based) that do not run for leader
   */
  List<Process> startWorkers(String runRoot, Set<Integer> notCandidates) throws Exception {
    root = runRoot;
    List<Process> ws = new ArrayList<>();
    List<String> swimPorts = new ArrayList<>();
    for (int i = 1; i <= WORKERS; i++) {
      swimPorts.add("127.0.0.1:" + freeUdpPort());
    }
    for (int i = 1; i <= WORKERS; i++) {
      List<String> seeds = new ArrayList<>(swimPorts);
      String own = seeds.remove(i - 1);
      List<String> args = new ArrayList<>();
      for (String kv :
          List.of(
              "rainstorm.zk=" + zkServer.getConnectString(),
              "rainstorm.hdfs=" + dfs.getURI(),
              "rainstorm.worker.id=w" + i,
              "rainstorm.worker.leader=" + !notCandidates.contains(i),
              "rainstorm.hdfs-replace-datanode-on-failure=false",
              "rainstorm.state-dir=" + tmp.resolve("state-w" + i),
              "rainstorm.leader.zk-root=" + root,
              "rainstorm.leader.reconcile-interval-ms=200",
              "rainstorm.worker.zk-session-timeout-ms=" + ZK_SESSION_MS,
              "rainstorm.log.lease-recovery-timeout-ms=20000",
              "rainstorm.task.resend-timeout-ms=1000",
              "swim.port=" + HostPort.parse(own).port(),
              "swim.seeds=" + String.join(",", seeds),
              // SwimConfig.local()'s period: detection within a couple of seconds
              "swim.probe-interval-ms=200",
              "swim.probe-timeout-ms=100")) {
        args.add("--set");
        args.add(kv);
      }
      ws.add(java("w" + i, WorkerMain.class.getName(), args));
    }
    startObserver(swimPorts);
    zk =
        CuratorFrameworkFactory.newClient(
            zkServer.getConnectString(), 10_000, 10_000, new RetryOneTime(100));
    zk.start();
    WorkerRegistry reg = new WorkerRegistry(zk, layout());
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> reg.live().size() == WORKERS && SwimWorkers.inGroup(observer).size() == WORKERS);
    return ws;
  }

  private static int freeUdpPort() throws IOException {
    try (java.net.DatagramSocket s =
        new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
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

  /** Stops every process of the run (by PID, forcibly), the observer and the ZooKeeper client. */
  void stopRun() throws InterruptedException {
    if (observer != null) {
      observer.kill();
      observer = null;
    }
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    processes.clear();
    if (zk != null) {
      zk.close();
      zk = null;
    }
  }

  List<String> writeInput(String file, int rows) throws IOException {
    try (OutputStream o = fs.create(new org.apache.hadoop.fs.Path(file))) {
      new DatasetWriter(Dataset.TRAFFIC_SIGNS, 11).write(o, rows, null, 0);
    }
    return readLines(file);
  }

  List<String> readLines(String file) throws IOException {
    try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(file))) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }
  }

  /** On a hang, keeps the live workers' thread dumps next to their logs for diagnosis. */
  void dumpThreads(List<Process> workers, String name) {
    for (Process w : workers) {
      if (!w.isAlive()) {
        continue;
      }
      try {
        Process j =
            new ProcessBuilder(System.getProperty("java.home") + "/bin/jstack", "" + w.pid())
                .redirectOutput(tmp.resolve(name + "-jstack-" + w.pid()).toFile())
                .start();
        try {
          if (!j.waitFor(30, TimeUnit.SECONDS)) {
            j.destroyForcibly().waitFor();
          }
        } finally {
          j.destroyForcibly();
        }
      } catch (IOException e) {
        System.err.println("no thread dump of " + w.pid() + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
