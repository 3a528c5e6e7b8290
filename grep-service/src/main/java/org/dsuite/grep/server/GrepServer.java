package org.dsuite.grep.server;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dsuite.common.net.HostPort;
import org.dsuite.grep.proto.ErrorCode;
import org.dsuite.grep.proto.Frames;
import org.dsuite.grep.proto.ProtocolException;
import org.dsuite.grep.proto.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grep server: accepts TCP connections, reads one request frame from each and answers it on its
 * own thread (at most {@code maxConcurrentQueries} at once; beyond that a BUSY error). A malformed,
 * oversized or refused request gets an ERROR frame and the connection is closed; the server itself
 * carries on.
 */
public final class GrepServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GrepServer.class);
  private static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final GrepConfig config;
  private final QueryHandler queries;
  private final MemberDirectory members;
  private final ServerSocket socket;
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService timer;
  private final ActiveQueries active = new ActiveQueries();
  private final Thread acceptor;
  private volatile boolean closed;

  private GrepServer(
      GrepConfig config, LogRoots roots, MemberDirectory members, ServerSocket socket) {
    this.config = config;
    this.queries = new QueryHandler(config, roots);
    this.members = members;
    this.socket = socket;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            config.maxConcurrentQueries(),
            config.maxConcurrentQueries(),
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "dgrep-query-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    workers.allowCoreThreadTimeOut(true);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dgrep-heartbeat");
              t.setDaemon(true);
              return t;
            });
    this.acceptor = new Thread(this::acceptLoop, "dgrep-accept");
  }

  /**
   * Binds and starts serving.
   *
   * @param members the directory answering MEMBERS; null for "just this server"
   */
  public static GrepServer start(GrepConfig config, LogRoots roots, MemberDirectory members)
      throws IOException {
    ServerSocket ss = new ServerSocket();
    ss.setReuseAddress(true);
    ss.bind(new InetSocketAddress(InetAddress.getByName(config.host()), config.port()), 128);
    GrepServer server = new GrepServer(config, roots, members, ss);
    server.timer.scheduleAtFixedRate(
        () -> server.active.heartbeat(HEARTBEAT_NANOS), 1, 1, TimeUnit.SECONDS);
    server.acceptor.start();
    log.info("grep server listening on {}", server.address());
    return server;
  }

  /** The address the server listens on (with the real port if 0 was configured). */
  public HostPort address() {
    return new HostPort(config.host(), socket.getLocalPort());
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
      try {
        workers.execute(() -> serve(s));
      } catch (RejectedExecutionException e) {
        refuseBusy(s);
      }
    }
  }

  private void refuseBusy(Socket s) {
    try (s) {
      s.setSoTimeout(1000);
      new FrameWriter(s.getOutputStream())
          .send(
              Frames.ERROR,
              Wire.error(
                  ErrorCode.BUSY,
                  "server busy: " + config.maxConcurrentQueries() + " queries already running"));
    } catch (IOException ignored) {
      // The client is told nothing more; it will see the connection close.
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setTcpNoDelay(true);
      s.setSoTimeout((int) config.requestTimeout().toMillis());
      InputStream rawIn = s.getInputStream();
      DataInputStream in = new DataInputStream(new BufferedInputStream(rawIn, 8192));
      FrameWriter out = new FrameWriter(s.getOutputStream());
      try {
        Frames.Frame req = Frames.read(in, config.maxRequestBytes());
        s.setSoTimeout(0);
        switch (req.type()) {
          case Frames.QUERY -> queries.handle(req.payload(), out, in, active);
          case Frames.MEMBERS -> out.send(Frames.MEMBERS_REPLY, Wire.members(memberList()));
          default ->
              throw new ProtocolException(
                  ErrorCode.MALFORMED, "unknown request type " + req.type());
        }
      } catch (ProtocolException e) {
        log.info("refused request from {}: {}", s.getRemoteSocketAddress(), e.getMessage());
        out.send(Frames.ERROR, Wire.error(e.code(), e.getMessage()));
      } catch (SocketTimeoutException e) {
        out.send(Frames.ERROR, Wire.error(ErrorCode.MALFORMED, "no complete request in time"));
      } catch (EOFException e) {
        out.send(Frames.ERROR, Wire.error(ErrorCode.MALFORMED, "connection ended inside a frame"));
      } catch (RuntimeException e) {
        log.error("query failed", e);
        out.send(Frames.ERROR, Wire.error(ErrorCode.INTERNAL, "internal error: " + e));
      }
    } catch (IOException e) {
      log.debug("connection ended: {}", e.toString());
    }
  }

  private List<String> memberList() {
    List<String> out = new ArrayList<>();
    List<HostPort> list = members == null ? List.of(address()) : members.grepServers();
    for (HostPort hp : list) {
      out.add(hp.toString());
    }
    return out;
  }

  /** Number of queries being scanned now. */
  public int activeQueries() {
    return active.size();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    socket.close();
    timer.shutdownNow();
    workers.shutdownNow();
  }
}
