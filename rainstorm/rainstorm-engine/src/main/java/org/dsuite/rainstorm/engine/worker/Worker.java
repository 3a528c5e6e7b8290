package org.dsuite.rainstorm.engine.worker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.hadoop.conf.Configuration;
import org.dsuite.common.net.HostPort;
import org.dsuite.rainstorm.api.job.JobSpec;
import org.dsuite.rainstorm.engine.core.TaskCoreConfig;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.io.UriFileSystems;
import org.dsuite.rainstorm.engine.leader.Assignment;
import org.dsuite.rainstorm.engine.leader.JobRecord;
import org.dsuite.rainstorm.engine.leader.JobState;
import org.dsuite.rainstorm.engine.leader.JobStore;
import org.dsuite.rainstorm.engine.leader.Leader;
import org.dsuite.rainstorm.engine.leader.LeaderConfig;
import org.dsuite.rainstorm.engine.leader.WorkerRegistry;
import org.dsuite.rainstorm.engine.leader.ZkLayout;
import org.dsuite.rainstorm.engine.log.TaskLogConfig;
import org.dsuite.rainstorm.engine.net.DataPlaneConfig;
import org.dsuite.rainstorm.engine.net.DataPlaneServer;
import org.dsuite.rainstorm.engine.task.StagePlan;
import org.dsuite.rainstorm.engine.task.stats.TaskStatsStore;
import org.dsuite.swim.api.Membership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: registers an ephemeral znode with its data-plane address, is a member of the swim group
 * (its swim member announces the worker ID, see {@link
 * org.dsuite.rainstorm.engine.leader.SwimWorkers}; the leader schedules onto workers that are both
 * registered and in the group), serves the data plane, and every poll interval makes the tasks
 * running here match the assignments in ZooKeeper (start or recover what is assigned here, stop
 * what moved away, tell local upstream tasks about moved downstream ones so they resend) and
 * reports each task's progress. Optionally also a leader candidate.
 */
public final class Worker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Worker.class);

  /**
   * How long the loop thread may spend in one piece of work before it is logged ({@link
   * LoopWatch}).
   */
  private static final long LOOP_BUSY_WARN_MS = 10_000;

  private final WorkerConfig config;
  private final DataPlaneConfig netConfig;
  private final CuratorFramework zk;
  private final JobStore jobs;
  private final WorkerRegistry registry;
  private final Membership membership;
  private final SwimVerdicts onFailure;
  private final Map<String, JobRun> runs = new ConcurrentHashMap<>();
  private final ScheduledExecutorService loop;
  private final ExecutorService starter;
  private final LeaseFencer fencer;
  private final TaskSupervisor supervisor;
  private volatile Map<String, String> addresses = Map.of();
  private final JobEvents jobEvents;
  private final LoopWatch loopWatch;
  private DataPlaneServer server;
  private Leader leader;

  private Worker(
      WorkerConfig config,
      DataPlaneConfig netConfig,
      CuratorFramework zk,
      ZkLayout layout,
      TaskFactory factory,
      Membership membership,
      Configuration hadoopConf,
      long leaseRecoveryTimeoutMs) {
    this.config = config;
    this.membership = membership;
    this.netConfig = netConfig;
    this.zk = zk;
    this.jobs = new JobStore(zk, layout);
    this.registry = new WorkerRegistry(zk, layout);
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rainstorm-worker-" + config.id());
              t.setDaemon(true);
              return t;
            });
    this.loopWatch = new LoopWatch(config.id(), LOOP_BUSY_WARN_MS);
    this.starter =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "rainstorm-task-start-" + config.id());
              t.setDaemon(true);
              return t;
            });
    this.fencer = new LeaseFencer(config, hadoopConf, starter, leaseRecoveryTimeoutMs);
    this.onFailure = new SwimVerdicts(membership, runs, fencer);
    this.supervisor =
        new TaskSupervisor(
            config.id(), factory, jobs, new TaskStatsStore(zk, layout), fencer, starter);
    this.jobEvents =
        new JobEvents(zk, layout, runs::get, supervisor, this::passSoon, this::assignedSoon);
  }

  /**
   * Connects, serves, registers and starts following assignments.
   *
   * @param membership the swim group this worker is a member of; its own member must announce
   *     {@link org.dsuite.rainstorm.engine.leader.SwimWorkers#metadata} with this worker's ID, or
   *     no leader schedules tasks here. The caller owns it (and leaves the group on shutdown).
   */
  public static Worker start(
      WorkerConfig config,
      TaskCoreConfig coreConfig,
      TaskLogConfig logConfig,
      DataPlaneConfig netConfig,
      LeaderConfig leaderConfig,
      Membership membership)
      throws Exception {
    String announced =
        membership
            .self()
            .metadata()
            .get(org.dsuite.rainstorm.engine.leader.SwimWorkers.METADATA_KEY);
    if (!config.id().equals(announced)) {
      throw new IllegalArgumentException(
          "the swim member announces worker ID "
              + announced
              + " under '"
              + org.dsuite.rainstorm.engine.leader.SwimWorkers.METADATA_KEY
              + "', not this worker's ID "
              + config.id());
    }
    Configuration conf = new Configuration();
    HdfsClientSettings.apply(config, logConfig, conf);
    TaskFactory factory =
        new TaskFactory(
            config, coreConfig, logConfig, conf, UriFileSystems.open(config.hdfs(), conf));
    CuratorFramework zk =
        CuratorFrameworkFactory.builder()
            .connectString(config.zk())
            .sessionTimeoutMs(config.zkSessionTimeoutMs())
            .connectionTimeoutMs(Math.max(config.zkSessionTimeoutMs(), 5_000))
            .retryPolicy(new ExponentialBackoffRetry(100, 10, 2_000))
            .build();
    zk.start();
    Worker w =
        new Worker(
            config,
            netConfig,
            zk,
            new ZkLayout(leaderConfig.zkRoot()),
            factory,
            membership,
            conf,
            logConfig.leaseRecoveryTimeoutMs());
    try {
      w.startServing(leaderConfig);
    } catch (Exception e) {
      w.close();
      throw e;
    }
    return w;
  }

  private void startServing(LeaderConfig leaderConfig) throws Exception {
    if (!zk.blockUntilConnected(config.zkSessionTimeoutMs(), TimeUnit.MILLISECONDS)) {
      throw new IOException("cannot reach ZooKeeper at " + config.zk());
    }
    server =
        DataPlaneServer.start(
            new InetSocketAddress(config.host(), config.port()),
            netConfig,
            new WorkerInbound(runs::get));
    String address = new HostPort(config.host(), server.port()).toString();
    // A restart right after a crash finds the dead process's znode until its session expires.
    registry.register(
        config.id(), address, Duration.ofMillis(2L * config.zkSessionTimeoutMs() + 1_000));
    zk.getConnectionStateListenable()
        .addListener(
            (c, state) -> {
              if (state == ConnectionState.RECONNECTED) {
                loop.execute(loopWatch.watched("re-register", () -> reRegister(address)));
              }
            });
    membership.addListener(onFailure);
    if (config.leaderCandidate()) {
      leader =
          new Leader(
              zk,
              config.id(),
              leaderConfig,
              membership,
              (job, moved) ->
                  fencer.fenceMoved(
                      job.id(), StagePlan.of(JobSpec.fromArgs(job.args()), job.stages()), moved));
      leader.start();
    }
    jobEvents.start();
    loop.scheduleWithFixedDelay(
        loopWatch.watched("pass", this::pass), 0, config.pollIntervalMs(), TimeUnit.MILLISECONDS);
  }

  /**
   * A job's new assignment, straight from the ZooKeeper event that carried it: applied before the
   * pass that follows, which first re-reads the worker registry and the job (~9 sequential
   * ZooKeeper reads, 0.1-0.4 s of a takeover on the loaded test machine). Only a newer epoch is
   * applied, so a late event never moves a task back; a job not followed here yet waits for the
   * pass (which reads its spec).
   */
  private void assignedSoon(String job, byte[] data) {
    if (loop.isShutdown() || data == null) {
      return;
    }
    loop.execute(
        loopWatch.watched(
            "assignment event",
            () -> {
              JobRun run = runs.get(job);
              if (run == null || run.stopped) {
                return;
              }
              try {
                Assignment a = Assignment.decode(data);
                if (a.epoch() > run.assignment.epoch()) {
                  supervisor.apply(run, a);
                }
              } catch (RuntimeException e) {
                log.debug(
                    "job {}: assignment event not applied, the pass will: {}", job, e.toString());
              }
            }));
  }

  private void passSoon() {
    if (!loop.isShutdown()) {
      loop.execute(loopWatch.watched("pass", this::pass));
    }
  }

  /** After a lost session the ephemeral registration is gone: put it back. */
  private void reRegister(String address) {
    try {
      if (!registry.live().containsKey(config.id())) {
        registry.register(config.id(), address);
        log.info("re-registered as {} after a lost ZooKeeper session", config.id());
      }
    } catch (Exception e) {
      log.warn("re-registration failed, retrying on the next reconnect: {}", e.toString());
    }
  }

  public String id() {
    return config.id();
  }

  public int port() {
    return server.port();
  }

  public boolean isLeader() {
    return leader != null && leader.isLeader();
  }

  /**
   * The tasks running on this worker now, as {@code JOB/STAGE-TASK}, sorted: for the node's status
   * page and metrics.
   */
  public List<String> runningTasks() {
    List<String> out = new ArrayList<>();
    for (JobRun run : runs.values()) {
      for (TaskKey k : run.tasks.keySet()) {
        out.add(run.id + "/" + k.stage() + "-" + k.task());
      }
    }
    out.sort(null);
    return out;
  }

  private InetSocketAddress addressOf(String worker) {
    String a = addresses.get(worker);
    if (a == null) {
      return null;
    }
    HostPort hp = HostPort.parse(a);
    return new InetSocketAddress(hp.host(), hp.port());
  }

  /** One poll: follow every job's state and assignment, then report progress. */
  private void pass() {
    try {
      addresses = registry.live();
      List<String> ids = jobs.jobIds();
      for (String id : Set.copyOf(runs.keySet())) {
        if (!ids.contains(id)) {
          runs.remove(id).stop(false);
        }
      }
      for (String id : ids) {
        try {
          follow(id);
        } catch (Exception e) {
          log.warn("job {}: cannot follow it this pass: {}", id, e.toString());
        }
      }
    } catch (Exception e) {
      log.warn("worker pass failed, retrying: {}", e.toString());
    }
  }

  private void follow(String id) throws Exception {
    JobState state;
    try {
      state = jobs.state(id);
    } catch (org.apache.zookeeper.KeeperException.NoNodeException e) {
      return;
    }
    if (state.isFinal()) {
      JobRun run = runs.remove(id);
      if (run != null) {
        log.info("job {} is {}: stopping its {} tasks here", id, state, run.tasks.size());
        run.stop(state == JobState.DONE);
      }
      return;
    }
    Optional<Assignment> a = jobs.assignment(id).assignment();
    if (a.isEmpty()) {
      return;
    }
    JobRun run = runs.get(id);
    if (run == null) {
      Optional<JobRecord> rec = jobs.job(id);
      if (rec.isEmpty()) {
        return;
      }
      run =
          new JobRun(
              id,
              StagePlan.of(JobSpec.fromArgs(rec.get().args()), rec.get().stages()),
              this::addressOf,
              netConfig);
      runs.put(id, run);
    }
    if (a.get().epoch() < run.assignment.epoch()) {
      // a read from a lagging ZooKeeper server (a new session after an expiry) must not move
      // tasks back to where an event already newer moved them from
      return;
    }
    supervisor.apply(run, a.get());
    supervisor.report(run);
  }

  @Override
  public void close() throws Exception {
    membership.removeListener(onFailure);
    jobEvents.close();
    loop.shutdownNow();
    loop.awaitTermination(5, TimeUnit.SECONDS);
    loopWatch.close();
    starter.shutdownNow();
    for (JobRun run : runs.values()) {
      run.stop(false);
    }
    runs.clear();
    if (leader != null) {
      leader.close();
    }
    if (server != null) {
      server.close();
    }
    zk.close();
  }
}
