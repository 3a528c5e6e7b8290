package org.dsuite.rainstorm.engine.leader;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.zookeeper.KeeperException;
import org.dsuite.rainstorm.engine.core.Scheduler;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.Membership;
import org.dsuite.swim.api.MembershipListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A leader candidate. Every leader process runs one; Curator's {@link LeaderLatch} elects one of
 * them. The elected leader keeps every RUNNING job's assignment in step with the live workers: on a
 * worker joining or leaving, on a new job, on becoming leader and every {@link
 * LeaderConfig#reconcileIntervalMs()}, it runs the pure {@link Scheduler} and writes the result
 * with a version check. All of its state is in ZooKeeper, so a standby that wins the latch simply
 * starts reconciling where the old leader stopped.
 *
 * <p>Takeover does not wait for ZooKeeper: when swim declares a candidate failed, the others remove
 * its latch node ({@link LeaderElection}), and the new leader claims a {@link LeaderEpoch} that
 * fences every write of the old one.
 *
 * <p>A worker is live when it is both registered in ZooKeeper (which holds its data-plane address)
 * and in the swim group ({@link SwimWorkers}). Swim is the primary failure detector: a SIGKILLed
 * worker is declared failed within swim's detection time and its tasks move at once. The ZooKeeper
 * session is the secondary signal: a worker whose session expired is dropped even if swim still
 * lists it (e.g. it lost ZooKeeper but not the network), since it can then neither read its
 * assignments nor report progress.
 */
public final class Leader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Leader.class);

  private final String id;
  private final CuratorFramework zk;
  private final ZkLayout layout;
  private final LeaderConfig config;
  private final JobStore jobs;
  private final WorkerRegistry workers;
  private final Membership membership;
  private final MembershipListener onMembership;
  private final TaskMoves moves;
  private final LeaderElection election;
  private final CuratorCache workerCache;
  private final CuratorCache jobCache;
  private final CachedJobs cached;
  private final ScheduledExecutorService loop;
  private final AtomicLong reschedules = new AtomicLong();
  // Touched only on the loop thread.
  private final Map<String, CompletionCheck> completion = new java.util.HashMap<>();
  // Worker -> System.nanoTime() of swim's last failure verdict about it (monotonic: a clock step
  // cannot stretch or shorten the settle time, LeaderConfig#rejoinSettleMs).
  private final Map<String, Long> failedAtNanos = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param membership the swim group the workers are members of, as seen by this process
   */
  public Leader(CuratorFramework zk, String id, LeaderConfig config, Membership membership) {
    this(zk, id, config, membership, TaskMoves.NONE);
  }

  /**
   * @param moves told which tasks each new assignment moved off dead workers
   */
  public Leader(
      CuratorFramework zk, String id, LeaderConfig config, Membership membership, TaskMoves moves) {
    this.id = ZkLayout.checkName(id);
    this.moves = java.util.Objects.requireNonNull(moves, "moves");
    this.config = config;
    this.membership = java.util.Objects.requireNonNull(membership, "membership");
    this.onMembership =
        new MembershipListener() {
          @Override
          public void onJoin(MemberInfo m) {
            reconcileSoon();
          }

          @Override
          public void onFail(MemberInfo m) {
            log.info("swim declared {} failed: rescheduling its tasks", m.metadata());
            String worker = m.metadata().get(SwimWorkers.METADATA_KEY);
            if (worker != null) {
              failedAtNanos.put(worker, System.nanoTime());
            }
            // The leader moves the tasks first; a standby first removes the latch node (the dead
            // worker may be the leader, and then the standby must take over before anything). A
            // standby queues no pass of its own: one that wins the latch runs a pass as it takes
            // over, and a pass queued here would only put a ZooKeeper round trip (the latch node
            // check) on the loop ahead of that takeover.
            if (isLeader()) {
              reconcileSoon();
            }
            if (worker != null && !loop.isShutdown()) {
              loop.execute(() -> election.evict(worker));
            }
          }

          @Override
          public void onLeave(MemberInfo m) {
            log.info("swim member {} left: rescheduling its tasks", m.metadata());
            reconcileSoon();
          }
        };
    this.zk = zk;
    this.layout = new ZkLayout(config.zkRoot());
    this.jobs = new JobStore(zk, layout);
    this.workers = new WorkerRegistry(zk, layout);
    this.workerCache = CuratorCache.build(zk, layout.workers());
    this.jobCache = CuratorCache.build(zk, layout.jobs());
    this.cached = new CachedJobs(jobCache, workerCache, layout);
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rainstorm-leader-" + id);
              t.setDaemon(true);
              return t;
            });
    this.election =
        new LeaderElection(
            zk, layout, this.id, loop, config.reconcileIntervalMs(), this::reconcileLeading);
  }

  /** Joins the election and starts watching; returns at once. */
  public void start() throws Exception {
    // Progress reports change several times a second per task; the periodic pass covers them.
    CuratorCacheListener onChange =
        CuratorCacheListener.builder()
            .forAll(
                (type, before, after) -> {
                  var node = after != null ? after : before;
                  if (node == null || !node.getPath().contains("/progress")) {
                    reconcileSoon();
                  }
                })
            .build();
    workerCache.listenable().addListener(onChange);
    jobCache.listenable().addListener(onChange);
    membership.addListener(onMembership);
    cached.listen();
    workerCache.start();
    jobCache.start();
    election.start();
    loop.execute(this::warmUp);
    loop.scheduleWithFixedDelay(
        this::reconcile,
        config.reconcileIntervalMs(),
        config.reconcileIntervalMs(),
        TimeUnit.MILLISECONDS);
  }

  public boolean isLeader() {
    return election.isLeading();
  }

  /**
   * Runs, once at start, the code a standby first needs when it takes over (placement, assignment
   * encoding, a ZooKeeper transaction): a standby never ran it, and loading and compiling it in the
   * middle of a takeover added ~0.1-0.2 s between winning the latch and writing the new assignment
   * (measured on the 2-core test machine). Reads only: the transaction just checks that the root
   * exists.
   */
  private void warmUp() {
    try {
      Set<TaskKey> tasks = Scheduler.tasksOf(4, 3);
      Map<TaskKey, String> first = Scheduler.assign(tasks, Set.of("a", "b", "c"), Map.of());
      Map<TaskKey, String> moved = Scheduler.assign(tasks, Set.of("a", "b"), first);
      Assignment.decode(new Assignment(2, moved).encode());
      new CompletionCheck().observe(tasks, new Assignment(2, moved), Map.of());
      zk.transaction().forOperations(zk.transactionOp().check().forPath(layout.root()));
    } catch (Exception e) {
      log.debug("leader warm-up: {}", e.toString()); // only a head start; nothing depends on it
    }
  }

  public String id() {
    return id;
  }

  /** Assignments this leader changed (for tests and status). */
  public long reschedules() {
    return reschedules.get();
  }

  private void reconcileSoon() {
    if (!loop.isShutdown()) {
      loop.execute(this::reconcile);
    }
  }

  /** One pass over every running job; errors are logged and retried on the next pass. */
  private void reconcile() {
    election.checkOwnLatchNode();
    reconcileLeading();
  }

  /**
   * A pass without first checking that this candidate's latch node still exists: run directly after
   * winning the latch (which has just read the participants), one round trip sooner.
   */
  private void reconcileLeading() {
    if (!isLeader()) {
      return;
    }
    try {
      boolean fromCache = cached.ready();
      Set<String> live = liveWorkers(fromCache);
      List<String> ids = fromCache ? cached.jobIds() : jobs.jobIds();
      for (String job : ids) {
        if (fromCache) {
          reconcileCached(job, live);
        } else {
          reconcileJob(job, live);
        }
      }
      completion.keySet().retainAll(ids);
      cached.retain(Set.copyOf(ids));
    } catch (Exception e) {
      log.warn("reconcile failed, retrying on the next pass: {}", e.toString());
    }
  }

  /**
   * The live workers that may run a job's tasks: those swim has not declared failed within the last
   * {@link LeaderConfig#rejoinSettleMs}, plus any live worker that already runs some of the job's
   * tasks ({@code before}), which keeps them: settling only withholds new tasks, it never moves a
   * running one (a standby that takes over with verdicts its predecessor did not have, or every
   * live worker settling at once).
   */
  private Set<String> usable(Set<String> live, Map<TaskKey, String> before) {
    Set<String> out =
        new java.util.TreeSet<>(
            SwimWorkers.settled(
                live,
                failedAtNanos,
                System.nanoTime(),
                java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(config.rejoinSettleMs())));
    for (String w : before.values()) {
      if (live.contains(w)) {
        out.add(w);
      }
    }
    if (out.size() < live.size()) {
      Set<String> waiting = new java.util.TreeSet<>(live);
      waiting.removeAll(out);
      log.debug("back after a failure verdict, no new tasks yet: {}", waiting);
    }
    return out;
  }

  /** Registered in ZooKeeper and in the swim group. */
  private Set<String> liveWorkers(boolean fromCache) throws Exception {
    Set<String> registered = fromCache ? cached.registeredWorkers() : workers.live().keySet();
    Set<String> inSwim = SwimWorkers.inGroup(membership);
    Set<String> live = new java.util.TreeSet<>(registered);
    live.retainAll(inSwim);
    if (live.size() < registered.size()) {
      Set<String> missing = new java.util.TreeSet<>(registered);
      missing.removeAll(inSwim);
      log.debug("registered but not in the swim group (not scheduled): {}", missing);
    }
    return live;
  }

  /**
   * {@link #reconcileJob} from the caches ({@link CachedJobs}): no ZooKeeper read before the
   * assignment write, which checks the state's and the assignment's versions as read. Completion is
   * still judged from direct reads of the state and the assignment (only when nothing needs
   * moving).
   */
  private void reconcileCached(String jobId, Set<String> live) throws Exception {
    Optional<CachedJobs.Running> running = cached.running(jobId);
    if (running.isEmpty()) {
      return;
    }
    if (live.isEmpty()) {
      log.warn("job {} has no live worker to run on", jobId);
      return;
    }
    JobRecord job = running.get().job();
    JobStore.Versioned current = cached.assignment(jobId);
    Map<TaskKey, String> before = current.assignment().map(Assignment::workers).orElse(Map.of());
    Map<TaskKey, String> after = Scheduler.assign(job.tasks(), usable(live, before), before);
    if (after.equals(before)) {
      // Completion is judged from direct reads, as before the caches; its write checks the
      // state's version as read, so a job the user killed a moment ago does not turn DONE.
      JobStore.VersionedState state = jobs.versionedState(jobId);
      if (!state.state().isFinal()) {
        jobs.assignment(jobId).assignment().ifPresent(a -> checkCompletion(job, a, state));
      }
      return;
    }
    long next = current.assignment().map(a -> a.epoch() + 1).orElse(1L);
    int fence = election.epoch();
    if (fence < 0) {
      return;
    }
    Assignment a = new Assignment(next, after);
    if (jobs.writeAssignment(jobId, a, current.version(), fence, running.get().stateVersion())) {
      cached.wrote(jobId, a, current.version());
      wrote(job, next, before, after, live);
    } else {
      // A stale cached read (or a deposed leader): retry once at once from direct reads, as a pass
      // without the cache would have done; the cache catches up with its next event.
      log.debug("job {}: assignment write from the cache lost a race; re-reading", jobId);
      election.checkFenced();
      if (isLeader()) {
        reconcileJob(jobId, live);
      }
    }
  }

  private void wrote(
      JobRecord job,
      long epoch,
      Map<TaskKey, String> before,
      Map<TaskKey, String> after,
      Set<String> live) {
    reschedules.incrementAndGet();
    log.info("job {} assignment epoch {}: {}", job.id(), epoch, after);
    Set<TaskKey> moved = new java.util.TreeSet<>();
    before.forEach(
        (k, w) -> {
          if (!live.contains(w) && !w.equals(after.get(k))) {
            moved.add(k);
          }
        });
    if (!moved.isEmpty()) {
      moves.movedOffDeadWorkers(job, moved);
    }
  }

  private void reconcileJob(String jobId, Set<String> live) throws Exception {
    Optional<JobRecord> job;
    JobStore.VersionedState state;
    try {
      job = jobs.job(jobId);
      if (job.isEmpty()) {
        return;
      }
      state = jobs.versionedState(jobId);
      if (state.state().isFinal()) {
        return;
      }
    } catch (KeeperException.NoNodeException e) {
      return; // a job being created: its transaction is not visible yet
    }
    if (live.isEmpty()) {
      log.warn("job {} has no live worker to run on", jobId);
      return;
    }
    JobStore.Versioned current = jobs.assignment(jobId);
    Map<TaskKey, String> before = current.assignment().map(Assignment::workers).orElse(Map.of());
    Map<TaskKey, String> after = Scheduler.assign(job.get().tasks(), usable(live, before), before);
    if (after.equals(before)) {
      current.assignment().ifPresent(a -> checkCompletion(job.get(), a, state));
      return;
    }
    long next = current.assignment().map(a -> a.epoch() + 1).orElse(1L);
    int fence = election.epoch();
    if (fence < 0) {
      return;
    }
    if (jobs.writeAssignment(
        jobId, new Assignment(next, after), current.version(), fence, state.version())) {
      wrote(job.get(), next, before, after, live);
    } else {
      election.checkFenced();
    }
  }

  /**
   * Marks the job DONE or FAILED when its tasks' reports say so ({@link CompletionCheck}), if its
   * state is still the one read ({@code state}).
   */
  private void checkCompletion(JobRecord job, Assignment a, JobStore.VersionedState state) {
    try {
      CompletionCheck.Verdict v =
          completion
              .computeIfAbsent(job.id(), j -> new CompletionCheck())
              .observe(job.tasks(), a, jobs.progress(job.id()));
      int fence = election.epoch();
      if (fence < 0) {
        return;
      }
      if (v instanceof CompletionCheck.Done) {
        if (jobs.finish(job.id(), JobState.DONE, "", state.version(), fence)) {
          log.info("job {} is DONE", job.id());
        } else {
          election.checkFenced();
        }
      } else if (v instanceof CompletionCheck.Failed f) {
        if (jobs.finish(job.id(), JobState.FAILED, f.why(), state.version(), fence)) {
          log.warn("job {} FAILED: {}", job.id(), f.why());
        } else {
          election.checkFenced();
        }
      }
    } catch (Exception e) {
      log.warn("completion check of {} failed, retrying: {}", job.id(), e.toString());
    }
  }

  @Override
  public void close() throws Exception {
    membership.removeListener(onMembership);
    loop.shutdownNow();
    loop.awaitTermination(5, TimeUnit.SECONDS);
    workerCache.close();
    jobCache.close();
    election.close();
  }
}
