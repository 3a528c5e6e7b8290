package org.dsuite.rainstorm.engine.leader;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;

/**
 * The leader's reads for a reconcile pass, served from the {@link CuratorCache}s every candidate
 * already runs on {@code ROOT/jobs} and {@code ROOT/workers}, instead of ~10 sequential ZooKeeper
 * reads per pass. A standby's caches are warm when it wins the latch, so its takeover goes from the
 * claimed epoch straight to the assignment write.
 *
 * <p>Why a cached (possibly stale) read is safe: nothing is decided from it that ZooKeeper does not
 * check again when the leader writes. The assignment write is one transaction that checks the
 * leader epoch, the state znode's version (so the job is still RUNNING exactly as read) and the
 * assignment's version (so the assignment the new one was computed from is the current one); a
 * stale read only makes that write fail, and the cache event that brings the newer data triggers
 * another pass. Completion (DONE/FAILED) is not decided from the cache ({@link Leader}).
 *
 * <p>Not thread-safe: used on the leader's loop thread only (the caches themselves are).
 */
final class CachedJobs {
  private final CuratorCache jobCache;
  private final CuratorCache workerCache;
  private final ZkLayout layout;
  private final AtomicBoolean jobsLoaded = new AtomicBoolean();
  private final AtomicBoolean workersLoaded = new AtomicBoolean();
  // Specs are written once at submit; decoding one per job per pass is wasted work. Keyed by the
  // spec znode's creation zxid, so a spec re-created under the same ID is decoded again.
  private final Map<String, Long> specZxid = new HashMap<>();
  private final Map<String, JobRecord> specs = new HashMap<>();
  // This leader's own last successful assignment write per job: the cache learns of it only when
  // ZooKeeper's event arrives, and a pass in between must not start from the assignment it
  // replaced.
  private final Map<String, JobStore.Versioned> written = new HashMap<>();

  CachedJobs(CuratorCache jobCache, CuratorCache workerCache, ZkLayout layout) {
    this.jobCache = jobCache;
    this.workerCache = workerCache;
    this.layout = layout;
  }

  /** Registers the listeners that mark each cache loaded; call before the caches start. */
  void listen() {
    jobCache
        .listenable()
        .addListener(
            CuratorCacheListener.builder().forInitialized(() -> jobsLoaded.set(true)).build());
    workerCache
        .listenable()
        .addListener(
            CuratorCacheListener.builder().forInitialized(() -> workersLoaded.set(true)).build());
  }

  /** Both caches have loaded what was in ZooKeeper when they started (else: read directly). */
  boolean ready() {
    return jobsLoaded.get() && workersLoaded.get();
  }

  /** The IDs of registered workers. */
  Set<String> registeredWorkers() {
    return childNames(workerCache, layout.workers());
  }

  /** Job IDs, sorted. */
  List<String> jobIds() {
    return List.copyOf(childNames(jobCache, layout.jobs()));
  }

  /** A running job's spec and the version of its state znode, or empty if it is not running. */
  record Running(JobRecord job, int stateVersion) {}

  Optional<Running> running(String id) {
    Optional<ChildData> spec = jobCache.get(layout.spec(id));
    Optional<ChildData> state = jobCache.get(layout.state(id));
    if (spec.isEmpty() || state.isEmpty() || spec.get().getData() == null) {
      return Optional.empty(); // a job being created: not all of its znodes arrived yet
    }
    String s = new String(state.get().getData(), StandardCharsets.UTF_8);
    int nl = s.indexOf('\n');
    if (JobState.valueOf(nl < 0 ? s : s.substring(0, nl)).isFinal()) {
      return Optional.empty();
    }
    long zxid = spec.get().getStat().getCzxid();
    if (!Long.valueOf(zxid).equals(specZxid.get(id))) {
      specs.put(id, JobRecord.decode(id, spec.get().getData()));
      specZxid.put(id, zxid);
    }
    return Optional.of(new Running(specs.get(id), state.get().getStat().getVersion()));
  }

  /** The job's assignment: the cache's, or this leader's last write if that one is newer. */
  JobStore.Versioned assignment(String id) {
    JobStore.Versioned cached =
        jobCache
            .get(layout.assignment(id))
            .map(
                d ->
                    new JobStore.Versioned(
                        Optional.of(Assignment.decode(d.getData())), d.getStat().getVersion()))
            .orElse(new JobStore.Versioned(Optional.empty(), -1));
    JobStore.Versioned mine = written.get(id);
    return mine != null && mine.version() > cached.version() ? mine : cached;
  }

  /** Remembers a successful write of {@code a} over {@code previousVersion}. */
  void wrote(String id, Assignment a, int previousVersion) {
    written.put(id, new JobStore.Versioned(Optional.of(a), previousVersion + 1));
  }

  /** Forgets jobs that are gone. */
  void retain(Set<String> ids) {
    written.keySet().retainAll(ids);
    specs.keySet().retainAll(ids);
    specZxid.keySet().retainAll(ids);
  }

  private static Set<String> childNames(CuratorCache cache, String parent) {
    Set<String> out = new TreeSet<>();
    String prefix = parent + "/";
    cache.stream()
        .map(ChildData::getPath)
        .filter(p -> p.startsWith(prefix) && p.indexOf('/', prefix.length()) < 0)
        .forEach(p -> out.add(p.substring(prefix.length())));
    return out;
  }
}
