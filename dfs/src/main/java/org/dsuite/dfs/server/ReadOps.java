package org.dsuite.dfs.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dsuite.dfs.core.BlockId;
import org.dsuite.dfs.core.FileLog;
import org.dsuite.dfs.core.ReplicaState;
import org.dsuite.dfs.core.RingHash;
import org.dsuite.dfs.core.RingNode;
import org.dsuite.dfs.rpc.Range;
import org.dsuite.dfs.rpc.Status;
import org.dsuite.dfs.rpc.Wire;

/**
 * The coordinator side of get, ls, store and list_mem_ids. A get is served by ONE replica: this
 * server's own copy first if it is a replica, else the others in ring order, skipping any that does
 * not yet hold the client's latest append (read-your-writes) and waiting up to {@code
 * dfs.read-wait-ms} for one that does. A server whose view of the ring is not yet confirmed
 * complete ({@link ViewGate}) waits for that first: it might not know the file's real replicas.
 */
final class ReadOps {
  private final HydfsNode node;

  ReadOps(HydfsNode node) {
    this.node = node;
  }

  void get(DataInputStream in, DataOutputStream out) throws IOException {
    String name = ReplicaOps.readName(in);
    String client = Wire.readString(in, BlockId.MAX_CLIENT_ID_CHARS);
    long minSeq = in.readLong();
    long ifVersion = in.readLong();
    boolean localOnly = in.readBoolean();
    Range range = Range.read(in);
    if (localOnly) {
      node.replicaOps().serveRead(name, client, minSeq, ifVersion, range, out);
      return;
    }
    long deadline = System.currentTimeMillis() + node.config().readWaitMs();
    while (true) {
      String last;
      if (node.gate().open()) {
        last = tryReplicas(name, client, minSeq, ifVersion, range, out);
        if (last == null) {
          return; // answered
        }
      } else {
        last = node.gate().refusal();
      }
      if (System.currentTimeMillis() >= deadline) {
        Wire.writeStatus(out, Status.UNAVAILABLE, "no replica could serve the read: " + last);
        return;
      }
      node.pause(100);
    }
  }

  /**
   * One pass over the file's replicas in this server's view: answers the client (returning null) if
   * one serves the read or all say the file does not exist; otherwise returns why not.
   */
  private String tryReplicas(
      String name, String client, long minSeq, long ifVersion, Range range, DataOutputStream out)
      throws IOException {
    List<RingNode> order = preferSelf(node.replicas(name));
    int notFound = 0;
    String last = "no replica reachable";
    for (RingNode r : order) {
      if (r.id().equals(node.selfId())) {
        // This server is a replica: serve from its own store, no loopback hop.
        Status s = node.replicaOps().tryServe(name, client, minSeq, ifVersion, range, true, out);
        if (s == Status.OK) {
          return null;
        }
        notFound += s == Status.NOT_FOUND ? 1 : 0;
        last = r.id() + ": " + s;
        continue;
      }
      ReplicaClient.ReadStream rs;
      try {
        rs = node.peers().read(r.address(), name, client, minSeq, ifVersion, range);
      } catch (IOException e) {
        last = r.id() + ": " + e;
        continue;
      }
      try (rs) {
        Status s = rs.reply.status();
        if (s == Status.OK) {
          forward(rs, out);
          return null;
        }
        if (s == Status.NOT_MODIFIED) {
          Wire.writeStatus(out, Status.NOT_MODIFIED, "");
          out.writeLong(rs.version);
          return null;
        }
        if (s == Status.NOT_FOUND) {
          notFound++;
        }
        last = r.id() + ": " + s + " " + rs.reply.message();
      }
    }
    if (!order.isEmpty() && notFound == order.size()) {
      Wire.writeStatus(out, Status.NOT_FOUND, "no such file: " + name);
      return null;
    }
    return last;
  }

  private static void forward(ReplicaClient.ReadStream rs, DataOutputStream out)
      throws IOException {
    Wire.writeStatus(out, Status.OK, "");
    out.writeLong(rs.version);
    out.writeLong(rs.fileSize);
    out.writeLong(rs.length);
    byte[] buf = new byte[(int) Math.max(1, Math.min(1 << 20, rs.length))];
    try {
      Wire.sendFrames(rs.data, out, buf);
    } catch (IOException e) {
      Wire.abortFrames(out, "replica failed mid-transfer: " + e.getMessage());
      throw e;
    }
    rs.finished();
  }

  private List<RingNode> preferSelf(List<RingNode> replicas) {
    List<RingNode> out = new ArrayList<>(replicas);
    String self = node.selfId();
    out.sort(Comparator.comparing(r -> r.id().equals(self) ? 0 : 1));
    return out;
  }

  void ls(DataInputStream in, DataOutputStream out) throws IOException {
    String name = ReplicaOps.readName(in);
    if (!node.gate().awaitOpen(node.config().readWaitMs())) {
      Wire.writeStatus(out, Status.UNAVAILABLE, node.gate().refusal());
      return;
    }
    List<RingNode> replicas = node.replicas(name);
    Wire.writeStatus(out, Status.OK, "");
    Wire.writeString(out, RingHash.hex(RingHash.of(name)));
    out.writeInt(replicas.size());
    for (RingNode r : replicas) {
      Wire.writeString(out, r.id());
      Wire.writeString(out, RingHash.hex(r.position()));
      Wire.writeString(out, r.address());
      Wire.writeString(out, describe(r, name));
    }
  }

  private String describe(RingNode r, String name) {
    try {
      StatReply s = node.peers().stat(r.address(), name);
      if (s.state() instanceof ReplicaState.Present p) {
        return "holds "
            + s.sizeBytes()
            + " bytes, "
            + p.blocks().size()
            + " blocks, version "
            + Long.toHexString(s.version());
      }
      return s.state() instanceof ReplicaState.Tombstone ? "deleted" : "missing";
    } catch (IOException e) {
      return "unreachable";
    }
  }

  void store(DataInputStream in, DataOutputStream out) throws IOException {
    List<FileLog> files = new ArrayList<>();
    for (FileLog fl : node.store().all()) {
      if (!fl.deleted()) {
        files.add(fl);
      }
    }
    files.sort(Comparator.comparing(FileLog::name));
    String self = node.selfId();
    Wire.writeStatus(out, Status.OK, "");
    Wire.writeString(out, self);
    Wire.writeString(out, RingHash.hex(RingHash.of(self)));
    out.writeInt(files.size());
    for (FileLog fl : files) {
      Wire.writeString(out, fl.name());
      Wire.writeString(out, RingHash.hex(RingHash.of(fl.name())));
      out.writeLong(fl.size());
      out.writeLong(fl.version());
    }
  }

  void members(DataInputStream in, DataOutputStream out) throws IOException {
    List<RingNode> nodes = node.ring().nodes();
    Wire.writeStatus(out, Status.OK, "");
    out.writeInt(nodes.size());
    for (RingNode r : nodes) {
      Wire.writeString(out, r.id());
      Wire.writeString(out, RingHash.hex(r.position()));
      Wire.writeString(out, r.address());
    }
  }
}
