package org.dsuite.dfs.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.dsuite.dfs.core.FileLog;
import org.dsuite.dfs.core.Ring;
import org.dsuite.dfs.core.RingNode;
import org.dsuite.dfs.rpc.ConnectionPool;
import org.dsuite.dfs.rpc.Op;
import org.dsuite.dfs.rpc.RpcServer;
import org.dsuite.dfs.rpc.Status;
import org.dsuite.dfs.rpc.Wire;
import org.dsuite.dfs.store.FileStore;
import org.dsuite.dfs.store.Scrubber;
import org.dsuite.swim.api.Membership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HyDFS server: the store, the RPC server, the ring view fed by swim, the syncer and the
 * scrubber. The node daemon embeds one; {@code HydfsServerMain} runs one standalone.
 *
 * <p>Start-up order matters: the RPC server must listen before the member announces its address in
 * swim metadata, so callers {@link #open} the node (which binds the port), start swim with {@link
 * #address()} in the metadata, then {@link #join} the membership.
 */
public final class HydfsNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HydfsNode.class);

  private final DfsConfig config;
  private final FileStore store;
  private final ConnectionPool pool;
  private final ReplicaClient peers;
  private final RpcServer server;
  private final ReplicaOps replicaOps;
  private final WriteOps writeOps;
  private final ReadOps readOps;
  private final Merger merger;
  private final LocalAppender localAppender;
  private final Freshness freshness = new Freshness();
  private volatile RingView view;
  private volatile Syncer syncer;
  private volatile ViewGate gate;
  private Thread scrubThread;
  private volatile boolean closed;

  private HydfsNode(DfsConfig config) throws IOException {
    this.config = config;
    this.store = new FileStore(config.dataDir(), config.chunkBytes());
    this.pool =
        new ConnectionPool(
            config.connectTimeoutMs(),
            config.ioTimeoutMs(),
            Math.max(100, config.ioTimeoutMs() / 2),
            32,
            System::currentTimeMillis);
    this.peers = new ReplicaClient(pool, config);
    this.replicaOps =
        new ReplicaOps(
            store, config, this::syncerOrFail, this::replicaIds, this::isReplicaHere, freshness);
    this.writeOps = new WriteOps(this);
    this.readOps = new ReadOps(this);
    this.merger = new Merger(this);
    this.localAppender = new LocalAppender(this);
    this.server =
        new RpcServer(
            config.host(),
            config.rpcPort(),
            config.maxConnections(),
            config.ioTimeoutMs(),
            this::handle);
  }

  /** Opens the store and starts listening; the node serves replica calls from now on. */
  public static HydfsNode open(DfsConfig config) throws IOException {
    return new HydfsNode(config);
  }

  /** The RPC address to announce under swim metadata key {@value RingView#METADATA_KEY}. */
  public String address() {
    return config.address(server.port());
  }

  /** Follows {@code membership} from now on: builds the ring and starts syncing and scrubbing. */
  public synchronized void join(Membership membership) {
    if (view != null) {
      throw new IllegalStateException("already joined");
    }
    ViewGate g = new ViewGate(this::ring, this::selfId, peers);
    this.gate = g;
    Syncer s = new Syncer(store, null, peers, config, freshness, g::open);
    this.syncer = s;
    RingView v = new RingView(membership, (before, after) -> onRingChange(before, after));
    this.view = v;
    s.attach(v);
    v.start();
    g.start();
    s.start();
    if (config.scrubIntervalMs() > 0) {
      scrubThread = new Thread(this::scrubLoop, "hydfs-scrub");
      scrubThread.setDaemon(true);
      scrubThread.start();
    }
    log.info(
        "HyDFS node {} at {} joined with {} files held", selfId(), address(), store.all().size());
  }

  private void onRingChange(Ring before, Ring after) {
    log.info("ring changed: {} -> {} nodes", before.size(), after.size());
    suspectNewlyHeld(before, after);
    Syncer s = syncer;
    if (s != null) {
      s.onRingChange(before, after);
    }
    ViewGate g = gate;
    if (g != null) {
      g.ringChanged();
    }
  }

  /**
   * A copy of a file this server has just become a replica of (again) may lack appends made while
   * it was not one (it was down, or another server held its place): it serves no reads until the
   * syncer confirms it. At start-up the ring before is empty, so every copy on disk is suspected.
   */
  private void suspectNewlyHeld(Ring before, Ring after) {
    String self = view.selfId();
    int n = config.replicationFactor();
    for (FileLog fl : store.all()) {
      boolean now = isReplica(after, fl.name(), self, n);
      if (now && !isReplica(before, fl.name(), self, n)) {
        freshness.suspect(fl.name());
      }
    }
  }

  private static boolean isReplica(Ring ring, String name, String self, int n) {
    for (RingNode r : ring.replicasFor(name, n)) {
      if (r.id().equals(self)) {
        return true;
      }
    }
    return false;
  }

  private List<String> replicaIds(String name) {
    List<String> ids = new java.util.ArrayList<>();
    for (RingNode r : replicas(name)) {
      ids.add(r.id());
    }
    return ids;
  }

  private boolean isReplicaHere(String name) {
    return replicaIds(name).contains(selfId());
  }

  /**
   * Whether this server's view of the ring has been confirmed complete since it joined (before that
   * it coordinates nothing: {@link ViewGate}).
   */
  public boolean viewComplete() {
    ViewGate g = gate;
    return g != null && g.complete();
  }

  /** Local copies not yet confirmed current (they serve no coordinated reads). */
  public int unconfirmedCopies() {
    return freshness.unconfirmedCount();
  }

  private void scrubLoop() {
    Scrubber scrubber = new Scrubber(store, (name, block) -> syncer.repair(name, block));
    while (!closed) {
      try {
        Thread.sleep(config.scrubIntervalMs());
      } catch (InterruptedException e) {
        return;
      }
      scrubber.runOnce();
    }
  }

  private Syncer syncerOrFail() {
    Syncer s = syncer;
    if (s == null) {
      throw new IllegalStateException("node has not joined a membership yet");
    }
    return s;
  }

  private void handle(Op op, DataInputStream in, DataOutputStream out) throws IOException {
    if (view == null && op != Op.R_STAT) {
      Wire.writeStatus(out, Status.UNAVAILABLE, "server is starting");
      throw new IOException("request before join");
    }
    switch (op) {
      case CREATE -> writeOps.create(in, out);
      case APPEND -> writeOps.append(in, out);
      case DELETE -> writeOps.delete(in, out);
      case GET -> readOps.get(in, out);
      case LS -> readOps.ls(in, out);
      case STORE -> readOps.store(in, out);
      case MEMBERS -> readOps.members(in, out);
      case MERGE -> merge(in, out);
      case APPEND_LOCAL -> localAppender.handle(in, out);
      case R_STAT -> replicaOps.stat(in, out);
      case R_CREATE -> replicaOps.create(in, out);
      case R_APPEND -> replicaOps.append(in, out);
      case R_SYNC_BLOCK -> replicaOps.syncBlock(in, out);
      case R_TOMBSTONE -> replicaOps.tombstone(in, out);
      case R_REORDER -> replicaOps.reorder(in, out);
      case R_READ -> replicaOps.read(in, out);
      case R_READ_BLOCK -> replicaOps.readBlock(in, out);
      case R_PUSH -> replicaOps.push(in, out);
      case R_VIEW -> view(out);
    }
  }

  private void view(DataOutputStream out) throws IOException {
    List<String> ids = new java.util.ArrayList<>();
    for (RingNode r : ring().nodes()) {
      ids.add(r.id());
    }
    Wire.writeStatus(out, Status.OK, "");
    out.writeBoolean(gate.complete());
    Wire.writeStrings(out, ids);
  }

  private void merge(DataInputStream in, DataOutputStream out) throws IOException {
    String name = ReplicaOps.readName(in);
    if (!gate.awaitOpen(config.writeDeadlineMs())) {
      Wire.writeStatus(out, Status.UNAVAILABLE, gate.refusal());
      return;
    }
    List<RingNode> replicas = replicas(name);
    if (replicas.isEmpty()) {
      Wire.writeStatus(out, Status.UNAVAILABLE, "no HyDFS server in the view");
      return;
    }
    RingNode primary = replicas.get(0);
    if (!primary.id().equals(selfId())) {
      var r = peers.merge(primary.address(), name);
      Wire.writeStatus(out, r.status(), r.message());
      return;
    }
    Merger.Result r = merger.merge(name);
    Wire.writeStatus(out, r.status(), r.message());
  }

  DfsConfig config() {
    return config;
  }

  FileStore store() {
    return store;
  }

  ReplicaClient peers() {
    return peers;
  }

  ReplicaOps replicaOps() {
    return replicaOps;
  }

  Syncer syncer() {
    return syncerOrFail();
  }

  ViewGate gate() {
    return gate;
  }

  public Ring ring() {
    RingView v = view;
    return v == null ? Ring.empty() : v.ring();
  }

  List<RingNode> replicas(String name) {
    return ring().replicasFor(name, config.replicationFactor());
  }

  public String selfId() {
    return view.selfId();
  }

  String selfAddress() {
    return address();
  }

  /** Bytes this node has pushed to other replicas (re-replication, merges). */
  public long bytesPushed() {
    Syncer s = syncer;
    return s == null ? 0 : s.bytesPushed();
  }

  /** Damaged blocks this node's checksums caught (reads and scrubs). */
  public long corruptionsDetected() {
    return store.corruptionsDetected();
  }

  /** Re-reads the membership (tests call it to avoid waiting for the next event). */
  public void refreshView() {
    RingView v = view;
    if (v != null) {
      v.refresh();
    }
  }

  void pause(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    }
    refreshView();
  }

  @Override
  public void close() {
    closed = true;
    server.close();
    RingView v = view;
    if (v != null) {
      v.stop();
    }
    ViewGate g = gate;
    if (g != null) {
      g.close();
    }
    Syncer s = syncer;
    if (s != null) {
      s.close();
    }
    if (scrubThread != null) {
      scrubThread.interrupt();
    }
    localAppender.close();
    pool.close();
  }
}
