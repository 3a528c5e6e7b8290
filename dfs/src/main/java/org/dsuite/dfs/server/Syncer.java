package org.dsuite.dfs.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.dsuite.dfs.core.BlockId;
import org.dsuite.dfs.core.BlockMeta;
import org.dsuite.dfs.core.FileLog;
import org.dsuite.dfs.core.PlacementChange;
import org.dsuite.dfs.core.ReplicaState;
import org.dsuite.dfs.core.Ring;
import org.dsuite.dfs.core.RingNode;
import org.dsuite.dfs.core.SyncPlan;
import org.dsuite.dfs.rpc.Connection;
import org.dsuite.dfs.rpc.Status;
import org.dsuite.dfs.store.BlockWriter;
import org.dsuite.dfs.store.FileStore;
import org.dsuite.dfs.store.PendingBlock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every file this server holds on exactly its current replicas, without any client's help:
 * after a membership change it syncs the files whose replica set changed (re-replication after a
 * failure, hand-off after a join), and every {@code dfs.sync-interval-ms} it syncs all of them
 * (anti-entropy: catches a stale node that came back, or a push that failed). The decisions are
 * {@link SyncPlan}'s; this class only talks to peers and the store. It also repairs damaged blocks
 * from other replicas.
 */
final class Syncer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Syncer.class);

  private final FileStore store;
  private volatile RingView view;
  private final ReplicaClient peers;
  private final DfsConfig config;
  private final Freshness freshness;
  private final BooleanSupplier viewComplete;
  private final Set<String> pending = new LinkedHashSet<>();
  private final AtomicLong bytesPushed = new AtomicLong();
  private final Thread thread;
  private boolean fullPass = true;
  private long wakeAtMs;
  private volatile boolean closed;

  /**
   * @param viewComplete whether this server's view may be acted on ({@link ViewGate#open()}): with
   *     a partial view the syncer would push to, drop for, and confirm against the wrong replicas
   */
  Syncer(
      FileStore store,
      RingView view,
      ReplicaClient peers,
      DfsConfig config,
      Freshness freshness,
      BooleanSupplier viewComplete) {
    this.store = store;
    this.view = view;
    this.peers = peers;
    this.config = config;
    this.freshness = freshness;
    this.viewComplete = viewComplete;
    this.thread = new Thread(this::loop, "hydfs-sync");
    thread.setDaemon(true);
  }

  /** The view is created after the syncer (it calls back into it), so it is attached here. */
  void attach(RingView view) {
    this.view = view;
  }

  void start() {
    thread.start();
  }

  long bytesPushed() {
    return bytesPushed.get();
  }

  /** Called by the ring view: schedule the files whose replica set changed. */
  void onRingChange(Ring before, Ring after) {
    List<String> names = new ArrayList<>();
    for (FileLog fl : store.all()) {
      names.add(fl.name());
    }
    List<String> affected =
        PlacementChange.affected(before, after, names, config.replicationFactor());
    synchronized (this) {
      pending.addAll(affected);
      wakeAtMs = System.currentTimeMillis() + config.syncDebounceMs();
      notifyAll();
    }
  }

  /** Syncs {@code name} soon (a copy arrived by re-replication and must be confirmed). */
  void schedule(String name) {
    synchronized (this) {
      if (pending.add(name) && pending.size() == 1) {
        wakeAtMs = System.currentTimeMillis() + config.syncDebounceMs();
      }
      notifyAll();
    }
  }

  private void loop() {
    long nextFullMs = System.currentTimeMillis() + config.syncIntervalMs();
    while (!closed) {
      List<String> batch;
      boolean full;
      try {
        synchronized (this) {
          while (!closed) {
            long now = System.currentTimeMillis();
            boolean due = !pending.isEmpty() && now >= wakeAtMs;
            if (!viewComplete.getAsBoolean()) {
              wait(ViewGate.CHECK_INTERVAL_MS); // nothing is decided on a partial view
              continue;
            }
            if (due || fullPass || now >= nextFullMs) {
              break;
            }
            long until = pending.isEmpty() ? nextFullMs : Math.min(nextFullMs, wakeAtMs);
            wait(Math.max(1, until - now));
          }
          full = fullPass || System.currentTimeMillis() >= nextFullMs;
          fullPass = false;
          batch = new ArrayList<>(pending);
          pending.clear();
        }
      } catch (InterruptedException e) {
        return;
      }
      if (closed) {
        return;
      }
      if (full) {
        nextFullMs = System.currentTimeMillis() + config.syncIntervalMs();
        view.refresh();
        batch.clear();
        for (FileLog fl : store.all()) {
          batch.add(fl.name());
        }
      }
      for (String name : batch) {
        if (closed) {
          return;
        }
        try {
          syncFile(name);
        } catch (IOException | RuntimeException e) {
          log.info("sync of '{}' incomplete, retried later: {}", name, e.toString());
          synchronized (this) {
            pending.add(name);
            wakeAtMs = System.currentTimeMillis() + 500;
          }
        }
      }
    }
  }

  /**
   * One round for one file: ask its replicas; if this server is one of them, first catch up from
   * any replica holding what it lacks, and confirm its copy once it covers all of them; push what
   * the others lack; drop a copy that is no longer ours.
   */
  void syncFile(String name) throws IOException {
    boolean behind = false;
    for (int round = 0; round < 3; round++) {
      behind = false;
      long token = freshness.token(name);
      FileLog mine = store.log(name).orElse(null);
      if (mine == null) {
        freshness.forget(name);
        return;
      }
      Ring ring = view.ring();
      List<RingNode> replicas = ring.replicasFor(name, config.replicationFactor());
      if (replicas.isEmpty()) {
        return;
      }
      String self = view.selfId();
      Map<String, ReplicaState> states = new HashMap<>();
      List<String> ids = new ArrayList<>();
      for (RingNode r : replicas) {
        ids.add(r.id());
        if (r.id().equals(self)) {
          continue;
        }
        try {
          states.put(r.id(), peers.stat(r.address(), name).state());
        } catch (IOException e) {
          log.debug("stat of '{}' on {} failed: {}", name, r.id(), e.toString());
        }
      }
      boolean replica = ids.contains(self);
      if (replica) {
        List<String> ahead = SyncPlan.holdingMore(mine.state(), states);
        if (!ahead.isEmpty()) {
          catchUp(mine, ahead, ring);
          behind = true;
          continue; // look again with the copy brought up to date
        }
        // Vouch for the copy only with every replica answering, and only in a view large enough
        // to take a write (a server that sees too few members cannot know what it missed).
        if (states.size() == ids.size() - 1 && ids.size() >= config.requiredWriteReplicas()) {
          freshness.confirm(name, token);
        }
      }
      SyncPlan plan = SyncPlan.decide(self, ids, mine.state(), states);
      if (plan.dropLocal()) {
        log.info("dropping local copy of '{}': it now lives on {}", name, ids);
        store.drop(name);
        freshness.forget(name);
        return;
      }
      for (SyncPlan.Push p : plan.pushes()) {
        String addr = ring.node(p.peer()).map(RingNode::address).orElseThrow();
        execute(mine, p, addr);
      }
      if (replica && !freshness.confirmed(name)) {
        throw new IOException("copy of '" + name + "' unconfirmed: a replica did not answer");
      }
      if (replica || plan.pushes().isEmpty()) {
        return;
      }
      // Not a replica any more: look again, and drop once every replica has it.
    }
    if (behind) {
      throw new IOException("copy of '" + name + "' still behind another replica");
    }
  }

  /**
   * Brings this server's copy up to the replicas in {@code ahead}: applies a newer tombstone, or
   * asks the replica to push what this copy lacks (R_PUSH with this server as the target).
   */
  private void catchUp(FileLog mine, List<String> ahead, Ring ring) throws IOException {
    String selfAddress =
        ring.node(view.selfId()).map(RingNode::address).orElseThrow(() -> new IOException("left"));
    for (String peer : ahead) {
      String addr = ring.node(peer).map(RingNode::address).orElseThrow();
      ReplicaState theirs = peers.stat(addr, mine.name()).state();
      if (theirs instanceof ReplicaState.Tombstone t && t.supersedes(mine.state())) {
        store.tombstone(mine.name(), t.generation());
        continue;
      }
      Status s = peers.push(addr, mine.name(), selfAddress);
      if (s != Status.OK) {
        throw new IOException(peer + " could not bring '" + mine.name() + "' up to date: " + s);
      }
      log.info("brought stale copy of '{}' up to date from {}", mine.name(), peer);
    }
  }

  private void execute(FileLog mine, SyncPlan.Push push, String address) throws IOException {
    if (push instanceof SyncPlan.PushTombstone t) {
      peers.tombstone(address, mine.name(), t.generation());
      return;
    }
    SyncPlan.PushBlocks b = (SyncPlan.PushBlocks) push;
    boolean first = b.replace();
    for (BlockId id : b.blocks()) {
      BlockMeta meta = mine.find(id);
      if (meta == null) {
        continue;
      }
      sendBlock(mine, meta, first, address);
      first = false;
    }
  }

  private void sendBlock(FileLog mine, BlockMeta meta, boolean replace, String address)
      throws IOException {
    ReplicaClient.WriteStream w =
        peers.openSyncBlock(address, mine.name(), mine.generation(), replace, meta.id());
    if (!w.ready()) {
      return; // already there (DUPLICATE) or superseded there (STALE)
    }
    byte[] buf = new byte[store.chunkBytes()];
    try (InputStream in = store.openBlocks(mine.name(), List.of(meta), this::repair)) {
      Connection.Reply r = w.sendAll(in, buf);
      ReplicaClient.checkOk(r, "sync of " + meta.id() + " to " + address);
      bytesPushed.addAndGet(meta.length());
    } catch (IOException e) {
      w.abort(e.getMessage() == null ? "read failed" : e.getMessage());
      throw e;
    }
  }

  /**
   * Brings {@code targetAddress}'s copy of {@code name} up to this one (on a coordinator's request
   * when a replica reported a gap).
   */
  boolean pushTo(String name, String targetAddress) {
    FileLog mine = store.log(name).orElse(null);
    if (mine == null || mine.deleted()) {
      return false;
    }
    try {
      ReplicaState theirs = peers.stat(targetAddress, name).state();
      if (theirs.covers(mine.state())) {
        return true;
      }
      SyncPlan plan =
          SyncPlan.decide(
              "self", List.of("self", "target"), mine.state(), Map.of("target", theirs));
      for (SyncPlan.Push p : plan.pushes()) {
        execute(mine, p, targetAddress);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      log.info("push of '{}' to {} failed: {}", name, targetAddress, e.toString());
      return false;
    }
  }

  /** Fetches a good copy of a damaged block from another replica (a {@code BlockRepairer}). */
  boolean repair(String name, BlockMeta block) {
    FileLog mine = store.log(name).orElse(null);
    if (mine == null) {
      return false;
    }
    String self = view.selfId();
    for (RingNode r : view.ring().replicasFor(name, config.replicationFactor() + 2)) {
      if (r.id().equals(self)) {
        continue;
      }
      try {
        BlockWriter w = store.newBlock(block.length());
        PendingBlock got;
        try (w) {
          Status s = peers.readBlock(r.address(), name, mine.generation(), block.id(), w);
          if (s != Status.OK) {
            continue;
          }
          got = w.finish();
        }
        if (store.replaceBlock(name, block.id(), got)) {
          log.warn("repaired block {} of '{}' from {}", block.id(), name, r.id());
          return true;
        }
      } catch (IOException e) {
        log.info("repair of {} of '{}' from {} failed: {}", block.id(), name, r.id(), e.toString());
      }
    }
    return false;
  }

  @Override
  public void close() {
    closed = true;
    synchronized (this) {
      notifyAll();
    }
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
