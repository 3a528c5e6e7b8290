package org.dsuite.dfs.rpc;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.dsuite.common.net.HostPort;

/**
 * One client connection. After a complete request/response exchange, {@link #release()} returns it
 * to its pool; after any error, {@link #close()} discards it (its stream state is unknown).
 */
public final class Connection implements AutoCloseable {
  private final ConnectionPool pool;
  private final String address;
  private final Socket socket;
  public final DataInputStream in;
  public final DataOutputStream out;
  long idleSinceMs;
  private boolean done;

  /** The server closes a connection after BAD_REQUEST or BUSY: it must not go back to the pool. */
  private boolean closing;

  Connection(ConnectionPool pool, String address, int connectTimeoutMs, int ioTimeoutMs)
      throws IOException {
    this.pool = pool;
    this.address = address;
    HostPort hp;
    try {
      hp = HostPort.parse(address);
    } catch (IllegalArgumentException e) {
      throw new IOException("bad server address '" + address + "': " + e.getMessage());
    }
    this.socket = new Socket();
    socket.connect(new InetSocketAddress(hp.host(), hp.port()), connectTimeoutMs);
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(ioTimeoutMs);
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
    this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
  }

  public String address() {
    return address;
  }

  /** Starts a request. */
  public void begin(Op op) throws IOException {
    out.writeInt(Wire.MAGIC);
    out.writeByte(op.code);
  }

  /** Reads a response's status and message. */
  public Reply reply() throws IOException {
    out.flush();
    Status s = Status.of(in.readUnsignedByte());
    closing |= s == Status.BAD_REQUEST || s == Status.BUSY;
    return new Reply(s, Wire.readString(in));
  }

  /** The exchange completed cleanly: keep the connection for the next request. */
  public void release() {
    if (!done) {
      done = true;
      if (closing) {
        closeSocket();
      } else {
        pool.giveBack(this);
      }
    }
  }

  @Override
  public void close() {
    if (!done) {
      done = true;
      closeSocket();
    }
  }

  void closeSocket() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // discarding anyway
    }
  }

  void reuse() {
    done = false;
  }

  /** A response's first part. */
  public record Reply(Status status, String message) {
    public boolean ok() {
      return status == Status.OK;
    }
  }
}
