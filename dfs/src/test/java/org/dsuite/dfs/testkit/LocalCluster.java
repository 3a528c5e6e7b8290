package org.dsuite.dfs.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.dsuite.common.net.HostPort;
import org.dsuite.dfs.client.ClientConfig;
import org.dsuite.dfs.client.HydfsClient;
import org.dsuite.dfs.server.DfsConfig;
import org.dsuite.dfs.server.HydfsNode;
import org.dsuite.dfs.server.RingView;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.Membership;
import org.dsuite.swim.udp.SwimMember;

/**
 * HyDFS servers in this JVM, each with its own real swim member (UDP on 127.0.0.1) and data
 * directory. {@link #crash} stops a node without a leave (as a crash would); {@link #restart}
 * brings it back on the same data directory under a new member ID.
 */
public final class LocalCluster implements AutoCloseable {
  /** One server slot. */
  public static final class Slot {
    public final Path dataDir;
    public HydfsNode node;
    public SwimMember member;

    Slot(Path dataDir) {
      this.dataDir = dataDir;
    }

    public boolean up() {
      return node != null;
    }

    public String address() {
      return node.address();
    }
  }

  private final Path root;
  private final DfsConfig base;
  private final List<Slot> slots = new ArrayList<>();

  public LocalCluster(Path root, int n, DfsConfig base) {
    this(root, n, n, base);
  }

  /** {@code slots} slots of which the first {@code started} are started now. */
  public LocalCluster(Path root, int slots, int started, DfsConfig base) {
    this.root = root;
    this.base = base;
    for (int i = 0; i < slots; i++) {
      this.slots.add(new Slot(root.resolve("node" + i)));
    }
    for (int i = 0; i < started; i++) {
      start(i);
    }
  }

  /** The slot whose node has member ID {@code id}, or -1. */
  public int indexOf(String id) {
    for (int i = 0; i < slots.size(); i++) {
      Slot s = slots.get(i);
      if (s.up() && s.node.selfId().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  public static DfsConfig fastConfig() {
    DfsConfig l = DfsConfig.local();
    return new DfsConfig(
        "127.0.0.1",
        0,
        l.dataDir(),
        l.stateDir(),
        l.localDir(),
        3,
        3,
        64 << 10,
        l.maxFileBytes(),
        l.maxAppendBytes(),
        l.maxBlocksPerFile(),
        64,
        1_000,
        10_000,
        20_000,
        5_000,
        1_000,
        50,
        0);
  }

  public Slot slot(int i) {
    return slots.get(i);
  }

  public int size() {
    return slots.size();
  }

  public void start(int i) {
    start(i, UnaryOperator.identity());
  }

  /**
   * Starts slot {@code i}; its HyDFS node follows {@code view} applied to its swim member (a test
   * can hide members from it, as a view not yet filled by gossip would).
   */
  public void start(int i, UnaryOperator<Membership> view) {
    Slot s = slots.get(i);
    DfsConfig cfg =
        new DfsConfig(
            base.host(),
            0,
            s.dataDir,
            root.resolve("state" + i),
            root,
            base.replicationFactor(),
            base.minWriteReplicas(),
            base.chunkBytes(),
            base.maxFileBytes(),
            base.maxAppendBytes(),
            base.maxBlocksPerFile(),
            base.maxConnections(),
            base.connectTimeoutMs(),
            base.ioTimeoutMs(),
            base.writeDeadlineMs(),
            base.readWaitMs(),
            base.syncIntervalMs(),
            base.syncDebounceMs(),
            base.scrubIntervalMs());
    try {
      s.node = HydfsNode.open(cfg);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<HostPort> seeds = new ArrayList<>();
    for (Slot o : slots) {
      if (o != s && o.member != null) {
        seeds.add(o.member.address());
      }
    }
    SwimConfig swim =
        SwimConfig.local()
            .with(
                b -> {
                  b.host = "127.0.0.1";
                  b.seeds = seeds;
                  b.stateDir = root.resolve("swim" + i);
                });
    s.member = SwimMember.start(swim, Map.of(RingView.METADATA_KEY, s.node.address()));
    s.node.join(view.apply(s.member));
  }

  /** Stops node {@code i} abruptly: no leave message, sockets closed. */
  public void crash(int i) {
    Slot s = slots.get(i);
    s.member.kill();
    s.node.close();
    s.member = null;
    s.node = null;
  }

  public void restart(int i) {
    start(i);
  }

  /** Waits until every live node's ring has exactly the live nodes. */
  public void awaitRing(long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    int live = (int) slots.stream().filter(Slot::up).count();
    while (System.currentTimeMillis() < deadline) {
      boolean ok = true;
      for (Slot s : slots) {
        if (s.up()) {
          s.node.refreshView();
          ok &= s.node.ring().size() == live;
        }
      }
      if (ok) {
        return;
      }
      sleep(50);
    }
    throw new AssertionError("ring did not converge to " + live + " nodes");
  }

  public List<String> liveAddresses() {
    List<String> out = new ArrayList<>();
    for (Slot s : slots) {
      if (s.up()) {
        out.add(s.address());
      }
    }
    return out;
  }

  public HydfsClient client() {
    return new HydfsClient(ClientConfig.of(liveAddresses()));
  }

  public HydfsClient client(int i) {
    return new HydfsClient(ClientConfig.of(List.of(slots.get(i).address())));
  }

  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    for (Slot s : slots) {
      if (s.member != null) {
        s.member.kill();
      }
      if (s.node != null) {
        s.node.close();
      }
    }
  }

  public static void deleteTree(Path p) {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> w = Files.walk(p)) {
      w.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
