package org.dsuite.dfs.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.dsuite.dfs.core.BlockId;
import org.dsuite.dfs.core.ViewCheck;
import org.dsuite.dfs.rpc.Connection;
import org.dsuite.dfs.rpc.ConnectionPool;
import org.dsuite.dfs.rpc.FrameInput;
import org.dsuite.dfs.rpc.Op;
import org.dsuite.dfs.rpc.ProtocolException;
import org.dsuite.dfs.rpc.Range;
import org.dsuite.dfs.rpc.Status;
import org.dsuite.dfs.rpc.Wire;

/** Calls one server makes on another (the R_* operations). Each method is one exchange. */
public final class ReplicaClient {
  /** Largest ring a view answer may list (swim's own member table limit is 65,536). */
  static final int MAX_RING_MEMBERS = 1 << 16;

  private final ConnectionPool pool;
  private final DfsConfig config;

  public ReplicaClient(ConnectionPool pool, DfsConfig config) {
    this.pool = pool;
    this.config = config;
  }

  public StatReply stat(String address, String name) throws IOException {
    Connection c = pool.get(address);
    try {
      c.begin(Op.R_STAT);
      Wire.writeString(c.out, name);
      Connection.Reply r = c.reply();
      if (!r.ok()) {
        throw new IOException(address + ": " + r.status() + " " + r.message());
      }
      StatReply s = StatReply.read(c.in, config.maxBlocksPerFile());
      c.release();
      return s;
    } finally {
      c.close();
    }
  }

  /** {@code address}'s view: whether it has passed its completeness check, and its ring's IDs. */
  public ViewCheck.PeerView view(String address) throws IOException {
    Connection c = pool.get(address);
    try {
      c.begin(Op.R_VIEW);
      Connection.Reply r = c.reply();
      if (!r.ok()) {
        throw new IOException(address + ": " + r.status() + " " + r.message());
      }
      boolean complete = c.in.readBoolean();
      List<String> ring = Wire.readStrings(c.in, MAX_RING_MEMBERS, Wire.MAX_STRING_BYTES);
      c.release();
      return new ViewCheck.PeerView(complete, new java.util.HashSet<>(ring));
    } finally {
      c.close();
    }
  }

  public Status tombstone(String address, String name, long generation) throws IOException {
    return simple(
        address,
        Op.R_TOMBSTONE,
        c -> {
          Wire.writeString(c.out, name);
          c.out.writeLong(generation);
        });
  }

  public Status reorder(String address, String name, long generation, List<BlockId> order)
      throws IOException {
    return simple(
        address,
        Op.R_REORDER,
        c -> {
          Wire.writeString(c.out, name);
          c.out.writeLong(generation);
          Wire.writeIds(c.out, order);
        });
  }

  /** Asks {@code holder} to bring {@code targetAddress}'s copy of {@code name} up to its own. */
  public Status push(String holder, String name, String targetAddress) throws IOException {
    return simple(
        holder,
        Op.R_PUSH,
        c -> {
          Wire.writeString(c.out, name);
          Wire.writeString(c.out, targetAddress);
        });
  }

  /** Forwards a merge to the file's first successor; returns its reply. */
  public Connection.Reply merge(String address, String name) throws IOException {
    Connection c = pool.get(address);
    try {
      c.begin(Op.MERGE);
      Wire.writeString(c.out, name);
      Connection.Reply r = c.reply();
      c.release();
      return r;
    } finally {
      c.close();
    }
  }

  private interface Body {
    void write(Connection c) throws IOException;
  }

  private Status simple(String address, Op op, Body body) throws IOException {
    Connection c = pool.get(address);
    try {
      c.begin(op);
      body.write(c);
      Connection.Reply r = c.reply();
      c.release();
      return r.status();
    } finally {
      c.close();
    }
  }

  /** Starts a streamed write (R_CREATE, R_APPEND or R_SYNC_BLOCK); see {@link WriteStream}. */
  public WriteStream openCreate(
      String address, String name, long generation, String clientId, List<String> replicaIds)
      throws IOException {
    Connection c = pool.get(address);
    try {
      c.begin(Op.R_CREATE);
      Wire.writeString(c.out, name);
      c.out.writeLong(generation);
      Wire.writeString(c.out, clientId);
      Wire.writeStrings(c.out, replicaIds);
      return new WriteStream(c, c.reply());
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /**
   * Starts a client write on one replica. {@code replicaIds} is the replica set in the
   * coordinator's view; the replica refuses ({@link Status#NOT_REPLICA}) unless its own view
   * agrees.
   */
  public WriteStream openAppend(String address, String name, BlockId id, List<String> replicaIds)
      throws IOException {
    Connection c = pool.get(address);
    try {
      c.begin(Op.R_APPEND);
      Wire.writeString(c.out, name);
      Wire.writeString(c.out, id.clientId());
      c.out.writeLong(id.seq());
      Wire.writeStrings(c.out, replicaIds);
      return new WriteStream(c, c.reply());
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  public WriteStream openSyncBlock(
      String address, String name, long generation, boolean replace, BlockId id)
      throws IOException {
    Connection c = pool.get(address);
    try {
      c.begin(Op.R_SYNC_BLOCK);
      Wire.writeString(c.out, name);
      c.out.writeLong(generation);
      c.out.writeBoolean(replace);
      Wire.writeString(c.out, id.clientId());
      c.out.writeLong(id.seq());
      return new WriteStream(c, c.reply());
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** An open read of a whole file; the caller must close it. */
  public static final class ReadStream implements AutoCloseable {
    public final Connection.Reply reply;
    public final long version;

    /** The whole file's size at {@link #version}. */
    public final long fileSize;

    /** Bytes of {@link #data}: the requested range of the file. */
    public final long length;

    public final InputStream data;
    private final Connection c;

    ReadStream(
        Connection c,
        Connection.Reply reply,
        long version,
        long fileSize,
        long length,
        InputStream data) {
      this.c = c;
      this.reply = reply;
      this.version = version;
      this.fileSize = fileSize;
      this.length = length;
      this.data = data;
    }

    /** Call after {@link #data} returned -1: the connection is clean and can be reused. */
    public void finished() {
      c.release();
    }

    @Override
    public void close() {
      c.close();
    }
  }

  public ReadStream read(
      String address, String name, String clientId, long minSeq, long ifVersion, Range range)
      throws IOException {
    Connection c = pool.get(address);
    try {
      c.begin(Op.R_READ);
      Wire.writeString(c.out, name);
      Wire.writeString(c.out, clientId);
      c.out.writeLong(minSeq);
      c.out.writeLong(ifVersion);
      range.write(c.out);
      Connection.Reply r = c.reply();
      if (r.status() == Status.OK) {
        long version = c.in.readLong();
        long fileSize = c.in.readLong();
        long length = c.in.readLong();
        return new ReadStream(
            c, r, version, fileSize, length, new FrameInput(c.in, frameLimit(), Long.MAX_VALUE));
      }
      long version = r.status() == Status.NOT_MODIFIED ? c.in.readLong() : 0;
      c.release();
      return new ReadStream(c, r, version, 0, 0, InputStream.nullInputStream());
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** Copies one verified block of {@code name} from {@code address} into {@code sink}. */
  public Status readBlock(
      String address, String name, long generation, BlockId id, OutputStream sink)
      throws IOException {
    Connection c = pool.get(address);
    try {
      c.begin(Op.R_READ_BLOCK);
      Wire.writeString(c.out, name);
      c.out.writeLong(generation);
      Wire.writeString(c.out, id.clientId());
      c.out.writeLong(id.seq());
      Connection.Reply r = c.reply();
      if (r.status() != Status.OK) {
        c.release();
        return r.status();
      }
      FrameInput in = new FrameInput(c.in, frameLimit(), Long.MAX_VALUE);
      in.transferTo(sink);
      c.release();
      return Status.OK;
    } finally {
      c.close();
    }
  }

  static int frameLimit() {
    return Wire.MAX_FRAME_BYTES;
  }

  /**
   * A two-phase streamed write: the first reply says whether the receiver wants the data ({@link
   * Status#READY}); then the caller writes frames and {@link #finish()} reads the final reply.
   */
  public static final class WriteStream implements AutoCloseable {
    private final Connection c;
    public final Connection.Reply first;

    WriteStream(Connection c, Connection.Reply first) {
      this.c = c;
      this.first = first;
      if (first.status() != Status.READY) {
        c.release();
      }
    }

    public boolean ready() {
      return first.status() == Status.READY;
    }

    public String address() {
      return c.address();
    }

    public void write(byte[] b, int off, int len) throws IOException {
      if (len > 0) {
        c.out.writeInt(len);
        c.out.write(b, off, len);
      }
    }

    /** Ends the data and returns the receiver's verdict (after it fsynced). */
    public Connection.Reply finish() throws IOException {
      end();
      return verdict();
    }

    /**
     * Ends the data without waiting: a coordinator ends all replicas' streams first, so their
     * fsyncs overlap, then collects each {@link #verdict()}.
     */
    public void end() throws IOException {
      try {
        c.out.writeInt(0);
        c.out.flush();
      } catch (IOException e) {
        c.close();
        throw e;
      }
    }

    public Connection.Reply verdict() throws IOException {
      try {
        Connection.Reply r = c.reply();
        c.release();
        return r;
      } finally {
        c.close();
      }
    }

    /** Sends everything in {@code in} and finishes. */
    public Connection.Reply sendAll(InputStream in, byte[] buf) throws IOException {
      int n;
      while ((n = in.read(buf)) >= 0) {
        write(buf, 0, n);
      }
      return finish();
    }

    /** Abandons the write; the receiver discards what it got. */
    public void abort(String reason) {
      try {
        Wire.abortFrames(c.out, reason);
      } catch (IOException ignored) {
        // closing anyway
      }
      c.close();
    }

    @Override
    public void close() {
      c.close();
    }
  }

  static void checkOk(Connection.Reply r, String what) throws IOException {
    if (r.status() != Status.OK && r.status() != Status.DUPLICATE) {
      throw new ProtocolException(what + ": " + r.status() + " " + r.message());
    }
  }
}
