package org.dsuite.rainstorm.engine.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives frames from other workers. One reader thread per connection decodes a frame and hands it
 * to the {@link Handler}; a batch's credit goes back to the sender only after the handler took the
 * batch, so a task that stops taking input (its unacked buffer is full) stops its senders within
 * {@link DataPlaneConfig#maxInFlightBatches()} batches. A malformed frame closes only its
 * connection.
 */
public final class DataPlaneServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DataPlaneServer.class);

  /** Where received frames go; called on the connection's reader thread. */
  public interface Handler {
    /**
     * Takes a batch without blocking. {@code credit} must be run exactly once, when the task has
     * consumed the batch or dropped it (task not here): that returns the sender's credit.
     */
    void onBatch(Frame.Batch batch, Runnable credit);

    void onAcks(Frame.Acks acks);
  }

  private final ServerSocket server;
  private final DataPlaneConfig config;
  private final Handler handler;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private final AtomicLong framesReceived = new AtomicLong();
  private final AtomicLong badConnections = new AtomicLong();
  private volatile boolean closed;

  private DataPlaneServer(ServerSocket server, DataPlaneConfig config, Handler handler) {
    this.server = server;
    this.config = config;
    this.handler = handler;
    this.acceptor = new Thread(this::acceptLoop, "data-plane-accept-" + server.getLocalPort());
    this.acceptor.setDaemon(true);
  }

  /** Binds (port 0 picks a free port) and starts accepting. */
  public static DataPlaneServer start(
      InetSocketAddress bind, DataPlaneConfig config, Handler handler) throws IOException {
    ServerSocket ss = new ServerSocket();
    ss.setReceiveBufferSize(config.socketBufferBytes());
    ss.bind(bind);
    DataPlaneServer s = new DataPlaneServer(ss, config, handler);
    s.acceptor.start();
    return s;
  }

  public int port() {
    return server.getLocalPort();
  }

  public long framesReceived() {
    return framesReceived.get();
  }

  /** Connections closed because a peer sent something malformed. */
  public long badConnections() {
    return badConnections.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        s.setSendBufferSize(config.socketBufferBytes());
        connections.add(s);
        Thread t = new Thread(() -> serve(s), "data-plane-conn-" + s.getRemoteSocketAddress());
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (!closed) {
          log.warn("accept failed: {}", e.toString());
        }
      }
    }
  }

  private void serve(Socket s) {
    FrameCodec codec = new FrameCodec();
    AtomicInteger owed = new AtomicInteger();
    try (s) {
      DataInputStream in =
          new DataInputStream(
              new BufferedInputStream(s.getInputStream(), config.socketBufferBytes()));
      OutputStream out = new BufferedOutputStream(s.getOutputStream(), 64);
      synchronized (codec) {
        codec.writeCredit(config.maxInFlightBatches(), out);
        out.flush();
      }
      while (!closed) {
        int len = in.readInt();
        if (len < 1 || len > config.maxFrameBytes()) {
          throw new MalformedFrameException(
              "frame length " + len + " outside 1.." + config.maxFrameBytes());
        }
        byte type = in.readByte();
        byte[] body = new byte[len - 1];
        in.readFully(body);
        if (type != FrameCodec.BATCH && type != FrameCodec.ACKS) {
          throw new MalformedFrameException("unknown frame type " + type);
        }
        Frame f;
        try {
          f = FrameCodec.readBody(type, body);
        } catch (IOException | IllegalArgumentException e) {
          throw new MalformedFrameException(e.getMessage());
        }
        framesReceived.incrementAndGet();
        if (f instanceof Frame.Batch b) {
          handler.onBatch(b, creditFor(s, codec, out, owed));
        } else {
          handler.onAcks((Frame.Acks) f);
        }
      }
    } catch (MalformedFrameException e) {
      badConnections.incrementAndGet();
      log.warn("closing connection from {}: {}", s.getRemoteSocketAddress(), e.getMessage());
    } catch (EOFException | SocketException e) {
      // peer went away or we are closing
    } catch (IOException e) {
      log.info("connection from {} failed: {}", s.getRemoteSocketAddress(), e.toString());
    } finally {
      connections.remove(s);
    }
  }

  /** Returns one credit to the sender on this connection, once, from any thread. */
  private static Credit creditFor(
      Socket s, FrameCodec codec, OutputStream out, AtomicInteger owed) {
    return new Credit(s, codec, out, owed);
  }

  /**
   * A received batch's credit. {@link #run} returns it at once (one credit frame). A consumer that
   * takes several batches in a row can instead {@link #release} each and then {@link #flush} once:
   * the credits released on one connection go back as one frame, so a task that consumes eight
   * batches in a turn makes one write (and wakes its sender's credit reader once), not eight.
   */
  public static final class Credit implements Runnable {
    private final Socket socket;
    private final FrameCodec codec;
    private final OutputStream out;
    private final AtomicInteger owed; // released on this connection, not yet written
    private final AtomicBoolean used = new AtomicBoolean();

    private Credit(Socket socket, FrameCodec codec, OutputStream out, AtomicInteger owed) {
      this.socket = socket;
      this.codec = codec;
      this.out = out;
      this.owed = owed;
    }

    @Override
    public void run() {
      release();
      flush();
    }

    /** Counts this credit as returned (once; later calls do nothing) without writing it yet. */
    public void release() {
      if (used.compareAndSet(false, true)) {
        owed.incrementAndGet();
      }
    }

    /** Writes every credit released on this connection and not yet written, as one frame. */
    public void flush() {
      synchronized (codec) {
        int n = owed.getAndSet(0);
        if (n == 0 || socket.isClosed()) {
          return;
        }
        try {
          codec.writeCredit(n, out);
          out.flush();
        } catch (IOException e) {
          // the connection is gone; the sender reconnects and starts with fresh credit
        }
      }
    }
  }

  /** Thrown on bytes that are not a valid frame. */
  private static final class MalformedFrameException extends IOException {
    MalformedFrameException(String m) {
      super(m);
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    for (Socket s : connections) {
      s.close();
    }
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
