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
 * {@link DataPlaneConfig#maxInFlightBatches()} batches. Credits of consumed batches go back in
 * groups of {@link DataPlaneConfig#creditReturnBatches()} (fewer writes and sender wake-ups); a
 * sender out of credit always gets some back, because fewer than that many consumed batches are
 * owed at any time, so the rest of its window is still queued here and will be consumed. A
 * malformed frame closes only its connection.
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

  /** The largest receive buffer a connection keeps between frames (1 MiB). */
  private static final int KEEP_BODY_BYTES = 1 << 20;

  private final ServerSocket server;
  private final DataPlaneConfig config;
  private final Handler handler;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private final AtomicLong framesReceived = new AtomicLong();
  private final AtomicLong badConnections = new AtomicLong();
  private final AtomicLong creditFrames = new AtomicLong();
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

  /** Credit frames written, the initial grant of each connection included. */
  public long creditFramesWritten() {
    return creditFrames.get();
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
        creditFrames.incrementAndGet(); // before the write: a test may see the credit at once
        codec.writeCredit(config.maxInFlightBatches(), out);
        out.flush();
      }
      // Reused: a frame's content is copied out as it is decoded. Grown for a larger frame, and
      // dropped after one above KEEP_BODY_BYTES, so a rare big frame does not pin its size.
      byte[] body = new byte[KEEP_BODY_BYTES / 16];
      while (!closed) {
        int len = in.readInt();
        if (len < 1 || len > config.maxFrameBytes()) {
          throw new MalformedFrameException(
              "frame length " + len + " outside 1.." + config.maxFrameBytes());
        }
        byte type = in.readByte();
        if (body.length < len - 1) {
          body = new byte[Math.max(len - 1, Math.min(2 * body.length, config.maxFrameBytes()))];
        }
        in.readFully(body, 0, len - 1);
        if (type != FrameCodec.BATCH && type != FrameCodec.ACKS) {
          throw new MalformedFrameException("unknown frame type " + type);
        }
        Frame f;
        try {
          f = FrameCodec.readBody(type, body, len - 1);
        } catch (IOException | IllegalArgumentException e) {
          throw new MalformedFrameException(e.getMessage());
        }
        if (body.length > KEEP_BODY_BYTES) {
          body = new byte[KEEP_BODY_BYTES / 16];
        }
        framesReceived.incrementAndGet();
        if (f instanceof Frame.Batch b) {
          handler.onBatch(
              b, new Credit(s, codec, out, owed, config.creditReturnBatches(), creditFrames));
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

  /**
   * A received batch's credit. {@link #run} returns it at once, with any others owed on its
   * connection (one credit frame). A consumer that takes several batches in a row can instead
   * {@link #release} each and then {@link #flush} once: the credits released on one connection go
   * back as one frame once there are {@code returnBatches} of them, so a task that consumes eight
   * batches makes at most two writes (and wakes its sender's credit reader as often), not eight.
   */
  public static final class Credit implements Runnable {
    private final Socket socket;
    private final FrameCodec codec;
    private final OutputStream out;
    private final AtomicInteger owed; // released on this connection, not yet written
    private final int returnBatches;
    private final AtomicLong frames; // the server's count
    private final AtomicBoolean used = new AtomicBoolean();

    private Credit(
        Socket socket,
        FrameCodec codec,
        OutputStream out,
        AtomicInteger owed,
        int returnBatches,
        AtomicLong frames) {
      this.socket = socket;
      this.codec = codec;
      this.out = out;
      this.owed = owed;
      this.returnBatches = returnBatches;
      this.frames = frames;
    }

    /** Returns this credit now, with every other one owed on the connection. */
    @Override
    public void run() {
      release();
      write(1);
    }

    /** Counts this credit as returned (once; later calls do nothing) without writing it yet. */
    public void release() {
      if (used.compareAndSet(false, true)) {
        owed.incrementAndGet();
      }
    }

    /**
     * Writes the credits released on this connection and not yet written, as one frame, once there
     * are at least {@code returnBatches} of them.
     */
    public void flush() {
      if (owed.get() >= returnBatches) { // most turns: nothing to write, no lock
        write(returnBatches);
      }
    }

    private void write(int atLeast) {
      synchronized (codec) {
        if (owed.get() < atLeast || socket.isClosed()) {
          return;
        }
        int n = owed.getAndSet(0);
        try {
          codec.writeCredit(n, out);
          out.flush();
          frames.incrementAndGet();
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
