package org.dsuite.rainstorm.engine.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dsuite.common.net.HostPort;
import org.dsuite.dfs.server.DfsConfig;
import org.dsuite.dfs.server.HydfsNode;
import org.dsuite.dfs.server.RingView;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.udp.SwimMember;

/**
 * A real one-node HyDFS (server and swim member, 127.0.0.1, free ports) in this JVM for tests;
 * closing it stops both.
 */
public final class HydfsTestNode implements AutoCloseable {
  private final HydfsNode node;
  private final SwimMember member;

  public HydfsTestNode(Path dir) throws Exception {
    DfsConfig l = DfsConfig.local();
    DfsConfig cfg =
        new DfsConfig(
            "127.0.0.1",
            0,
            dir.resolve("data"),
            dir.resolve("state"),
            dir,
            1, // one node: every file has one replica
            1, // ... and a write needs only that one
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
    node = HydfsNode.open(cfg);
    try {
      SwimConfig swim =
          SwimConfig.local()
              .with(
                  b -> {
                    b.host = "127.0.0.1";
                    b.seeds = List.of();
                    b.stateDir = dir.resolve("swim");
                  });
      member = SwimMember.start(swim, Map.of(RingView.METADATA_KEY, node.address()));
      node.join(member);
    } catch (Exception | Error e) {
      node.close();
      throw e;
    }
  }

  public HostPort address() {
    return HostPort.parse(node.address());
  }

  @Override
  public void close() {
    try {
      member.close();
    } finally {
      node.close();
    }
  }
}
