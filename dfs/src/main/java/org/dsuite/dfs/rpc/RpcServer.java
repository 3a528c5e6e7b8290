package org.dsuite.dfs.rpc;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP server with a thread per connection (bounded by {@code maxConnections}); each connection
 * carries requests one after another. A malformed request is answered with BAD_REQUEST and the
 * connection closed; nothing it asked for has been done by then, because handlers validate a
 * request's header before acting on it.
 */
public final class RpcServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RpcServer.class);

  private final ServerSocket socket;
  private final RequestHandler handler;
  private final int idleTimeoutMs;
  private final Semaphore slots;
  private final ExecutorService pool;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  public RpcServer(
      String host, int port, int maxConnections, int idleTimeoutMs, RequestHandler handler)
      throws IOException {
    this.socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 256);
    this.handler = handler;
    this.idleTimeoutMs = idleTimeoutMs;
    this.slots = new Semaphore(maxConnections);
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "hydfs-conn-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.acceptor = new Thread(this::acceptLoop, "hydfs-accept-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return socket.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = socket.accept();
      } catch (IOException e) {
        if (!closed) {
          log.warn("accept failed: {}", e.toString());
        }
        continue;
      }
      if (!slots.tryAcquire()) {
        refuse(s);
        continue;
      }
      open.add(s);
      pool.execute(
          () -> {
            try {
              serve(s);
            } finally {
              open.remove(s);
              slots.release();
            }
          });
    }
  }

  private static void refuse(Socket s) {
    try (s) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      Wire.writeStatus(out, Status.BUSY, "too many connections");
      out.flush();
    } catch (IOException ignored) {
      // the client sees a closed connection
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setTcpNoDelay(true);
      s.setSoTimeout(idleTimeoutMs);
      DataInputStream in =
          new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
      DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
      while (!closed) {
        int magic;
        try {
          magic = in.readInt();
        } catch (EOFException | SocketTimeoutException e) {
          return; // client closed or idled out between requests
        }
        Op op;
        try {
          if (magic != Wire.MAGIC) {
            throw new ProtocolException("not a HyDFS request");
          }
          op = Op.of(in.readUnsignedByte());
        } catch (ProtocolException e) {
          rejectAndClose(s, in, out, e);
          return;
        }
        try {
          handler.handle(op, in, out);
          out.flush();
        } catch (ProtocolException e) {
          log.info(
              "malformed {} request from {}: {}", op, s.getRemoteSocketAddress(), e.getMessage());
          rejectAndClose(s, in, out, e);
          return;
        }
      }
    } catch (SocketException | EOFException e) {
      log.debug("connection ended: {}", e.toString());
    } catch (IOException | RuntimeException e) {
      log.info("connection failed: {}", e.toString());
    }
  }

  /**
   * Answers BAD_REQUEST and closes gracefully: the rest of the bad request is read and dropped for
   * a moment first, because closing a socket with unread input sends a reset that can destroy the
   * answer before the client reads it.
   */
  private static void rejectAndClose(
      Socket s, DataInputStream in, DataOutputStream out, ProtocolException e) throws IOException {
    Wire.writeStatus(out, Status.BAD_REQUEST, e.getMessage());
    out.flush();
    s.shutdownOutput();
    s.setSoTimeout(LINGER_MS);
    byte[] sink = new byte[1 << 14];
    long drained = 0;
    try {
      int n;
      while (drained < LINGER_BYTES_MAX && (n = in.read(sink)) >= 0) {
        drained += n;
      }
    } catch (IOException ignored) {
      // timed out or reset: the answer has been sent
    }
  }

  private static final int LINGER_MS = 200;
  private static final long LINGER_BYTES_MAX = 1 << 20;

  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
