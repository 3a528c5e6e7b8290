package org.dsuite.dfs.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.dsuite.dfs.core.BlockId;
import org.dsuite.dfs.core.BlockMeta;
import org.dsuite.dfs.core.FileLog;
import org.dsuite.dfs.core.FileNames;
import org.dsuite.dfs.rpc.FrameInput;
import org.dsuite.dfs.rpc.ProtocolException;
import org.dsuite.dfs.rpc.Range;
import org.dsuite.dfs.rpc.Status;
import org.dsuite.dfs.rpc.Wire;
import org.dsuite.dfs.store.BlockWriter;
import org.dsuite.dfs.store.CorruptBlockException;
import org.dsuite.dfs.store.FileStore;
import org.dsuite.dfs.store.PendingBlock;

/**
 * The replica side of server-to-server calls: each handler validates the whole header before it
 * changes anything, and answers after the change is durable.
 */
final class ReplicaOps {
  private final FileStore store;
  private final DfsConfig config;
  private final java.util.function.Supplier<Syncer> syncer;
  private final Function<String, List<String>> replicaIds;
  private final Predicate<String> replicaHere;
  private final Freshness freshness;

  /**
   * @param replicaIds the replica IDs this server's current view gives a file name
   * @param replicaHere whether this server's current view makes it a replica of a file name
   * @param freshness which local copies are confirmed current (only those serve coordinated reads)
   */
  ReplicaOps(
      FileStore store,
      DfsConfig config,
      java.util.function.Supplier<Syncer> syncer,
      Function<String, List<String>> replicaIds,
      Predicate<String> replicaHere,
      Freshness freshness) {
    this.store = store;
    this.config = config;
    this.syncer = syncer;
    this.replicaIds = replicaIds;
    this.replicaHere = replicaHere;
    this.freshness = freshness;
  }

  /**
   * Reads the coordinator's replica set for {@code name} and answers NOT_REPLICA (returning false)
   * unless this server's own view gives the same set: a write is acknowledged only by replicas that
   * agree on who the replicas are.
   */
  private boolean agreesOnReplicas(String name, DataInputStream in, DataOutputStream out)
      throws IOException {
    List<String> theirs = Wire.readStrings(in, 16, 1024);
    List<String> mine = replicaIds.apply(name);
    if (!mine.equals(theirs)) {
      Wire.writeStatus(
          out,
          Status.NOT_REPLICA,
          "this server's view places '" + name + "' on " + mine + ", not " + theirs);
      return false;
    }
    return true;
  }

  static String readName(DataInputStream in) throws IOException {
    String name = Wire.readString(in, FileNames.MAX_NAME_BYTES);
    try {
      return FileNames.validate(name);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(e.getMessage());
    }
  }

  void stat(DataInputStream in, DataOutputStream out) throws IOException {
    String name = readName(in);
    Wire.writeStatus(out, Status.OK, "");
    StatReply.of(store.log(name).orElse(null)).write(out);
  }

  void create(DataInputStream in, DataOutputStream out) throws IOException {
    String name = readName(in);
    long gen = in.readLong();
    BlockId base = new BlockId(clientId(in), 0);
    if (!agreesOnReplicas(name, in, out)) {
      return;
    }
    FileLog cur = store.log(name).orElse(null);
    if (cur != null && !cur.deleted()) {
      boolean same = cur.generation() == gen && cur.blocks().get(0).id().equals(base);
      Wire.writeStatus(out, same ? Status.DUPLICATE : Status.EXISTS, "file exists");
      return;
    }
    Wire.writeStatus(out, Status.READY, "");
    out.flush();
    PendingBlock data = receive(in, config.maxFileBytes());
    reply(out, store.create(name, gen, base, data));
  }

  void append(DataInputStream in, DataOutputStream out) throws IOException {
    String name = readName(in);
    BlockId id = new BlockId(clientId(in), seq(in));
    if (!agreesOnReplicas(name, in, out)) {
      return;
    }
    FileLog cur = store.log(name).orElse(null);
    Status pre = precheckAppend(cur, id);
    if (pre != Status.READY) {
      Wire.writeStatus(out, pre, "");
      return;
    }
    Wire.writeStatus(out, Status.READY, "");
    out.flush();
    PendingBlock data = receive(in, config.maxAppendBytes());
    reply(out, store.append(name, id, data));
  }

  private Status precheckAppend(FileLog cur, BlockId id) {
    if (cur == null || cur.deleted()) {
      return Status.NOT_FOUND;
    }
    if (cur.blocks().size() >= config.maxBlocksPerFile()) {
      return Status.TOO_LARGE;
    }
    return switch (cur.checkAppend(id)) {
      case APPLY -> Status.READY;
      case DUPLICATE -> Status.DUPLICATE;
      case GAP -> Status.GAP;
    };
  }

  void syncBlock(DataInputStream in, DataOutputStream out) throws IOException {
    String name = readName(in);
    long gen = in.readLong();
    boolean replace = in.readBoolean();
    BlockId id = new BlockId(clientId(in), in.readLong());
    FileLog cur = store.log(name).orElse(null);
    if (cur != null && cur.generation() == gen && cur.contains(id)) {
      Wire.writeStatus(out, Status.DUPLICATE, "");
      return;
    }
    if (cur != null && (cur.generation() > gen || cur.deleted() && cur.generation() >= gen)) {
      Wire.writeStatus(out, Status.STALE, "a newer generation is here");
      return;
    }
    if (cur == null || cur.deleted() || cur.generation() < gen || replace) {
      // A copy filled block by block may lack appends until the syncer confirms it.
      freshness.suspect(name);
    }
    Wire.writeStatus(out, Status.READY, "");
    out.flush();
    PendingBlock data = receive(in, Math.max(config.maxFileBytes(), config.maxAppendBytes()));
    reply(out, store.syncBlock(name, gen, replace, id, data));
    syncer.get().schedule(name);
  }

  void tombstone(DataInputStream in, DataOutputStream out) throws IOException {
    String name = readName(in);
    long gen = in.readLong();
    reply(out, store.tombstone(name, gen));
  }

  void reorder(DataInputStream in, DataOutputStream out) throws IOException {
    String name = readName(in);
    long gen = in.readLong();
    List<BlockId> order = Wire.readIds(in, config.maxBlocksPerFile());
    if (order.isEmpty() || !order.get(0).isBase()) {
      throw new ProtocolException("a merge order starts with the base block");
    }
    reply(out, store.reorder(name, gen, order));
  }

  void read(DataInputStream in, DataOutputStream out) throws IOException {
    String name = readName(in);
    String client = Wire.readString(in, BlockId.MAX_CLIENT_ID_CHARS * 4);
    long minSeq = in.readLong();
    long ifVersion = in.readLong();
    Range range = Range.read(in);
    Status s = tryServe(name, client, minSeq, ifVersion, range, true, out);
    if (s != Status.OK) {
      Wire.writeStatus(out, s, refusal(s, name));
    }
  }

  /** Streams this replica's copy whether or not it is confirmed (GET with getfromreplica). */
  void serveRead(
      String name, String client, long minSeq, long ifVersion, Range range, DataOutputStream out)
      throws IOException {
    Status s = tryServe(name, client, minSeq, ifVersion, range, false, out);
    if (s != Status.OK) {
      Wire.writeStatus(out, s, refusal(s, name));
    }
  }

  private static String refusal(Status s, String name) {
    return switch (s) {
      case NOT_FOUND -> "no such file: " + name;
      case NOT_REPLICA -> "this server's view does not make it a replica of " + name;
      default -> "this replica's copy of " + name + " may lack an acknowledged append";
    };
  }

  /**
   * Answers a read from this replica's copy if it can: then it writes the whole answer (OK with the
   * version, the file's size and the content of {@code range}, or NOT_MODIFIED) and returns OK.
   * Otherwise it writes nothing and returns why: NOT_FOUND, or BEHIND when the copy lacks the
   * client's own latest append or (with {@code confirmedOnly}) is not yet confirmed current, or
   * (with {@code confirmedOnly}) NOT_REPLICA when this server's own view does not make it a
   * replica: a copy it no longer receives appends for (it is being handed over), or a coordinator's
   * view that is out of date. A coordinator that is itself a replica calls this directly, saving a
   * loopback hop and a copy of every byte.
   */
  Status tryServe(
      String name,
      String client,
      long minSeq,
      long ifVersion,
      Range range,
      boolean confirmedOnly,
      DataOutputStream out)
      throws IOException {
    if (confirmedOnly && !replicaHere.test(name)) {
      return Status.NOT_REPLICA;
    }
    if (confirmedOnly && !freshness.confirmed(name)) {
      return Status.BEHIND;
    }
    FileLog snap = store.log(name).orElse(null);
    if (snap == null || snap.deleted()) {
      return Status.NOT_FOUND;
    }
    if (minSeq > 0 && !client.isEmpty() && snap.lastSeq(client) < minSeq) {
      return Status.BEHIND;
    }
    long version = snap.version();
    if (ifVersion != 0 && ifVersion == version && range.whole()) {
      Wire.writeStatus(out, Status.NOT_MODIFIED, "");
      out.writeLong(version);
      return Status.OK;
    }
    Wire.writeStatus(out, Status.OK, "");
    out.writeLong(version);
    out.writeLong(snap.size());
    long length = range.lengthIn(snap.size());
    out.writeLong(length);
    // No bigger than the content: a 1 MB buffer for a 4 KB file costs more than the read.
    int bufBytes = (int) Math.min(Math.min(config.chunkBytes(), Wire.MAX_FRAME_BYTES), length);
    byte[] buf = new byte[Math.max(1, bufBytes)];
    try (InputStream content =
        store.openContent(
            snap, (n, b) -> syncer.get().repair(n, b), range.startIn(snap.size()), length)) {
      Wire.sendFrames(content, out, buf);
    } catch (CorruptBlockException e) {
      Wire.abortFrames(out, e.getMessage());
      throw e;
    }
    return Status.OK;
  }

  void readBlock(DataInputStream in, DataOutputStream out) throws IOException {
    String name = readName(in);
    long gen = in.readLong();
    BlockId id = new BlockId(clientId(in), in.readLong());
    FileLog snap = store.log(name).orElse(null);
    BlockMeta meta =
        snap == null || snap.deleted() || snap.generation() != gen ? null : snap.find(id);
    if (meta == null) {
      Wire.writeStatus(out, Status.NOT_FOUND, "no block " + id + " of " + name);
      return;
    }
    Wire.writeStatus(out, Status.OK, "");
    byte[] buf = new byte[Math.min(config.chunkBytes(), Wire.MAX_FRAME_BYTES)];
    try (InputStream content = store.openBlockContent(name, meta)) {
      Wire.sendFrames(content, out, buf);
    } catch (CorruptBlockException e) {
      Wire.abortFrames(out, e.getMessage());
      throw e;
    }
  }

  void push(DataInputStream in, DataOutputStream out) throws IOException {
    String name = readName(in);
    String target = Wire.readString(in, 300);
    boolean ok = syncer.get().pushTo(name, target);
    Wire.writeStatus(out, ok ? Status.OK : Status.UNAVAILABLE, ok ? "" : "push failed");
  }

  private static String clientId(DataInputStream in) throws IOException {
    String c = Wire.readString(in, BlockId.MAX_CLIENT_ID_CHARS * 4);
    if (c.isEmpty() || c.length() > BlockId.MAX_CLIENT_ID_CHARS) {
      throw new ProtocolException("client id must be 1.." + BlockId.MAX_CLIENT_ID_CHARS + " chars");
    }
    return c;
  }

  private static long seq(DataInputStream in) throws IOException {
    long s = in.readLong();
    if (s < 1) {
      throw new ProtocolException("append sequence numbers start at 1, got " + s);
    }
    return s;
  }

  /** Receives data frames into a new fsynced block; a failure discards it. */
  PendingBlock receive(DataInputStream in, long maxBytes) throws IOException {
    BlockWriter w = store.newBlock(maxBytes);
    try (w) {
      FrameInput frames = new FrameInput(in, Wire.MAX_FRAME_BYTES, maxBytes);
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = frames.read(buf, 0, buf.length)) >= 0) {
        w.write(buf, 0, n);
      }
      return w.finish();
    } catch (BlockWriter.BlockTooLargeException e) {
      throw new ProtocolException(e.getMessage());
    }
  }

  static void reply(DataOutputStream out, FileStore.WriteResult r) throws IOException {
    switch (r) {
      case APPLIED -> Wire.writeStatus(out, Status.OK, "");
      case DUPLICATE -> Wire.writeStatus(out, Status.DUPLICATE, "");
      case EXISTS -> Wire.writeStatus(out, Status.EXISTS, "file exists");
      case NOT_FOUND -> Wire.writeStatus(out, Status.NOT_FOUND, "no such file");
      case GAP -> Wire.writeStatus(out, Status.GAP, "an earlier append is missing here");
      case STALE -> Wire.writeStatus(out, Status.STALE, "a newer generation is here");
    }
  }
}
