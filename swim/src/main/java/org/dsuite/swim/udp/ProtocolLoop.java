package org.dsuite.swim.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.dsuite.common.net.HostPort;
import org.dsuite.common.time.Clock;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.core.Actions;
import org.dsuite.swim.core.MemberEvent;
import org.dsuite.swim.core.Outgoing;
import org.dsuite.swim.core.SwimCore;
import org.dsuite.swim.wire.ControlReply;
import org.dsuite.swim.wire.ControlRequest;
import org.dsuite.swim.wire.WirePayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol thread: waits on the socket until the core's next deadline, feeds it packets and
 * ticks, sends what it returns and hands events to the dispatcher. Commands from other threads run
 * here too, so the core is only ever touched by this thread.
 */
final class ProtocolLoop {
  private static final Logger log = LoggerFactory.getLogger(ProtocolLoop.class);
  private static final int RESOLVED_MAX = 65_536;

  /** What other threads may read without locking. */
  record Snapshot(
      MemberInfo self,
      List<MemberInfo> members,
      List<MemberInfo> allKnown,
      boolean joined,
      boolean left,
      boolean suspicionEnabled,
      int localHealth) {}

  private final SwimConfig cfg;
  private final DatagramChannel channel;
  private final Clock clock;
  private final EventDispatcher events;
  private final LongFunction<SwimCore> coreFactory;
  private final PacketIo io;
  private final PacketIo controlIo;
  private final SplittableRandom dropRandom = new SplittableRandom();
  private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
  private final Map<HostPort, InetSocketAddress> resolved = new HashMap<>();
  private final long startedMs;
  private final Selector selector;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Snapshot snapshot;
  private volatile BiConsumer<InetSocketAddress, ControlRequest> controlHandler;
  private SwimCore core;
  private long nextWakeMs;
  private long lastStartMs;

  private final AtomicLong messagesSent = new AtomicLong();
  private final AtomicLong bytesSent = new AtomicLong();
  private final AtomicLong messagesReceived = new AtomicLong();
  private final AtomicLong bytesReceived = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();

  ProtocolLoop(
      SwimConfig cfg,
      DatagramChannel channel,
      Clock clock,
      EventDispatcher events,
      LongFunction<SwimCore> coreFactory)
      throws IOException {
    this.cfg = cfg;
    this.channel = channel;
    this.clock = clock;
    this.events = events;
    this.coreFactory = coreFactory;
    AtomicLong packetCounter = new AtomicLong();
    this.io = new PacketIo(cfg, packetCounter);
    this.controlIo = new PacketIo(cfg, packetCounter);
    this.startedMs = clock.nowMs();
    this.selector = Selector.open();
    channel.register(selector, SelectionKey.OP_READ);
    this.thread = new Thread(this::run, "swim-protocol-" + channel.socket().getLocalPort());
    this.thread.setDaemon(true);
  }

  void start() {
    core = coreFactory.apply(clock.nowMs());
    publishSnapshot();
    thread.start();
  }

  /** A start timestamp later than any this process used: a rejoin is a new member ID. */
  long nextStartMs(long wallMs) {
    lastStartMs = Math.max(wallMs, lastStartMs + 1);
    return lastStartMs;
  }

  boolean running() {
    return running;
  }

  Snapshot snapshot() {
    return snapshot;
  }

  void onControl(BiConsumer<InetSocketAddress, ControlRequest> handler) {
    this.controlHandler = handler;
  }

  /** Runs {@code command} on the protocol thread and carries out its actions. */
  CompletableFuture<Void> submit(Function<SwimCore, Actions> command) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    commands.add(
        () -> {
          try {
            perform(command.apply(core));
            publishSnapshot();
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    selector.wakeup();
    return done;
  }

  /** After a leave: a fresh core with a new member ID (runs on the protocol thread). */
  void replaceCore() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    commands.add(
        () -> {
          core = coreFactory.apply(clock.nowMs());
          nextWakeMs = clock.nowMs();
          publishSnapshot();
          done.complete(null);
        });
    selector.wakeup();
    done.join();
  }

  void stop() {
    running = false;
    selector.wakeup();
    try {
      thread.join(2_000);
      selector.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.debug("closing selector", e);
    }
  }

  SwimStats stats() {
    return new SwimStats(
        clock.nowMs() - startedMs,
        messagesSent.get(),
        bytesSent.get(),
        messagesReceived.get(),
        bytesReceived.get(),
        malformed.get(),
        rejected.get(),
        dropped.get(),
        events.lost(),
        core.lagRefutations(),
        core.stats());
  }

  // ---- the loop ------------------------------------------------------------------------------

  private void run() {
    ByteBuffer buf = ByteBuffer.allocate(65_536);
    nextWakeMs = clock.nowMs();
    while (running) {
      try {
        long wait = nextWakeMs - clock.nowMs();
        if (wait > 0) {
          selector.select(wait);
          selector.selectedKeys().clear();
        }
        Runnable c;
        while ((c = commands.poll()) != null) {
          c.run();
        }
        receiveAll(buf);
        long now = clock.nowMs();
        if (now >= nextWakeMs) {
          perform(core.onTick(now));
          publishSnapshot();
        }
      } catch (IOException | RuntimeException e) {
        if (running) {
          log.error("SWIM protocol step failed; continuing", e);
        }
      }
    }
  }

  private void receiveAll(ByteBuffer buf) throws IOException {
    for (int i = 0; i < 1024; i++) { // bounded so ticks still run under a flood
      buf.clear();
      SocketAddress from = channel.receive(buf);
      if (from == null) {
        return;
      }
      long readAtMs = clock.nowMs(); // the earliest arrival time this thread can observe
      messagesReceived.incrementAndGet();
      bytesReceived.addAndGet(buf.position());
      handle((InetSocketAddress) from, buf.array(), buf.position(), readAtMs);
    }
  }

  private void handle(InetSocketAddress from, byte[] packet, int length, long readAtMs) {
    PacketIo.Opened o = io.open(packet, length, from, clock.wallMs());
    switch (o.verdict()) {
      case MALFORMED -> malformed.incrementAndGet();
      case REJECTED -> rejected.incrementAndGet();
      case OK -> {
        if (o.payload() instanceof WirePayload.Swim s) {
          if (cfg.dropRate() > 0 && dropRandom.nextDouble() < cfg.dropRate()) {
            // experiments: simulated loss of protocol messages only; an operator's control
            // request on the same socket is always answered
            dropped.incrementAndGet();
            return;
          }
          HostPort hp = new HostPort(from.getAddress().getHostAddress(), from.getPort());
          Actions a = core.onMessage(clock.nowMs(), readAtMs, hp, s.message());
          perform(a);
          if (!a.events().isEmpty()) {
            publishSnapshot();
          }
        } else if (o.payload() instanceof ControlRequest r) {
          BiConsumer<InetSocketAddress, ControlRequest> h = controlHandler;
          if (h == null || (!io.authenticated() && !from.getAddress().isLoopbackAddress())) {
            rejected.incrementAndGet(); // without a key, control only from this host
          } else {
            h.accept(from, r);
          }
        } else {
          malformed.incrementAndGet(); // a reply is never sent to a member
        }
      }
    }
  }

  private void perform(Actions a) {
    for (Outgoing o : a.sends()) {
      byte[] packet = io.seal(new WirePayload.Swim(o.message()), clock.wallMs());
      send(o.to(), packet);
    }
    for (MemberEvent e : a.events()) {
      logEvent(e);
      events.publish(e);
    }
    nextWakeMs = a.nextWakeMs();
  }

  private void send(HostPort to, byte[] packet) {
    if (packet.length > cfg.packetBytesMax()) {
      log.warn("not sending a {}-byte packet to {} (over packet-bytes-max)", packet.length, to);
      return;
    }
    try {
      InetSocketAddress addr = resolved.get(to);
      if (addr == null) {
        if (resolved.size() >= RESOLVED_MAX) {
          resolved.clear();
        }
        addr = new InetSocketAddress(to.host(), to.port());
        resolved.put(to, addr);
      }
      channel.send(ByteBuffer.wrap(packet), addr);
      messagesSent.incrementAndGet();
      bytesSent.addAndGet(packet.length);
    } catch (IOException e) {
      log.debug("send to {} failed: {}", to, e.toString());
    }
  }

  /** Sends a control reply; called from the control thread (separate MAC instance). */
  void sendControlReply(InetSocketAddress to, ControlReply reply) {
    byte[] packet;
    synchronized (controlIo) {
      packet = controlIo.seal(reply, clock.wallMs());
    }
    try {
      channel.send(ByteBuffer.wrap(packet), to);
    } catch (IOException e) {
      log.debug("control reply to {} failed: {}", to, e.toString());
    }
  }

  private void logEvent(MemberEvent e) {
    switch (e.kind()) {
      case SUSPECT ->
          log.warn("SUSPECT {} (incarnation {})", e.member().id(), e.member().incarnation());
      case FAIL -> log.warn("FAILED {}", e.member().id());
      case JOIN -> log.info("JOIN {}", e.member().id());
      case ALIVE ->
          log.info("ALIVE {} (refuted, incarnation {})", e.member().id(), e.member().incarnation());
      case LEAVE -> log.info("LEFT {}", e.member().id());
      case SUSPICION_SWITCH ->
          log.info("suspicion {}", e.suspicionEnabled() ? "enabled" : "disabled");
    }
  }

  private void publishSnapshot() {
    snapshot =
        new Snapshot(
            core.self(),
            core.members(),
            core.allKnown(),
            core.joined(),
            core.hasLeft(),
            core.suspicionEnabled(),
            core.localHealth());
  }
}
