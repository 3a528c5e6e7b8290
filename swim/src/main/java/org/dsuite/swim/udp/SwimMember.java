package org.dsuite.swim.udp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.dsuite.common.net.HostPort;
import org.dsuite.common.time.Clock;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.Membership;
import org.dsuite.swim.api.MembershipListener;
import org.dsuite.swim.core.Actions;
import org.dsuite.swim.core.MemberEvent;
import org.dsuite.swim.core.RandomSource;
import org.dsuite.swim.core.SwimCore;
import org.dsuite.swim.wire.WireCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SWIM member on a UDP socket: the shell around {@link SwimCore}. One protocol thread owns the
 * core and the socket; listener events go out on a separate event thread so a slow listener never
 * stalls probing. Queries ({@link #members()}, {@link #self()}) read a snapshot the protocol thread
 * publishes after every step, so they never block.
 */
public final class SwimMember implements Membership, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SwimMember.class);

  private final SwimConfig config;
  private final Map<String, String> metadata;
  private final DatagramChannel channel;
  private final HostPort address;
  private final Clock clock = Clock.system();
  private final ProtocolLoop loop;
  private final EventDispatcher events;
  private final ControlService control;
  private final CopyOnWriteArrayList<MembershipListener> listeners = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<Consumer<MemberEvent>> eventListeners =
      new CopyOnWriteArrayList<>();

  private SwimMember(SwimConfig config, Map<String, String> metadata, DatagramChannel channel)
      throws IOException {
    this.config = config;
    this.metadata = Map.copyOf(metadata);
    this.channel = channel;
    InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
    this.address = new HostPort(config.host(), local.getPort());
    this.events = new EventDispatcher(listeners, eventListeners, "swim-events-" + address.port());
    this.loop = new ProtocolLoop(config, channel, clock, events, this::newCore);
    this.control = new ControlService(this, loop::sendControlReply, config.packetBytesMax());
    loop.onControl(control::accept);
  }

  /**
   * Binds the UDP socket, starts the protocol and event threads, and joins through the configured
   * seeds; returns once a seed answered or {@code join-timeout-ms} passed (joining continues in the
   * background, trying each seed in turn).
   *
   * @param metadata small key/value pairs disseminated with this member (service addresses); at
   *     most {@code swim.metadata-bytes-max} encoded
   * @throws IllegalArgumentException if the metadata is too large
   * @throws UncheckedIOException if the socket cannot be bound
   */
  public static SwimMember start(SwimConfig config, Map<String, String> metadata) {
    int size = WireCodec.metadataSize(metadata);
    if (size > config.metadataBytesMax()) {
      throw new IllegalArgumentException(
          "metadata is "
              + size
              + " bytes encoded, over swim.metadata-bytes-max = "
              + config.metadataBytesMax());
    }
    DatagramChannel channel = null;
    try {
      channel = DatagramChannel.open();
      channel.bind(new InetSocketAddress(config.host(), config.port()));
      channel.configureBlocking(false);
      SwimMember m = new SwimMember(config, metadata, channel);
      m.loop.start();
      m.awaitJoin(config.joinTimeoutMs());
      log.info("member {} started (seeds {})", m.self().id(), config.seeds());
      return m;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException(
          "cannot bind SWIM socket " + config.host() + ":" + config.port(), e);
    }
  }

  private SwimCore newCore(long nowMs) {
    MemberId id = new MemberId(address.host(), address.port(), loop.nextStartMs(clock.wallMs()));
    return new SwimCore(
        config,
        id,
        metadata,
        RandomSource.seeded(new SecureRandom().nextLong()),
        WireCodec.SIZER,
        nowMs);
  }

  private void awaitJoin(long timeoutMs) {
    long deadline = clock.nowMs() + timeoutMs;
    while (!loop.snapshot().joined() && clock.nowMs() < deadline && loop.running()) {
      sleepMs(10);
    }
  }

  // ---- Membership ----------------------------------------------------------------------------

  @Override
  public MemberInfo self() {
    return loop.snapshot().self();
  }

  @Override
  public List<MemberInfo> members() {
    return loop.snapshot().members();
  }

  /** Every member still in the table, failed and left ones included (until forgotten). */
  public List<MemberInfo> allKnown() {
    return loop.snapshot().allKnown();
  }

  @Override
  public void addListener(MembershipListener listener) {
    listeners.add(listener);
  }

  @Override
  public void removeListener(MembershipListener listener) {
    listeners.remove(listener);
  }

  /** Raw protocol events (including suspicion switches), on the event thread. */
  public void addEventListener(Consumer<MemberEvent> listener) {
    eventListeners.add(listener);
  }

  // ---- operations ----------------------------------------------------------------------------

  /** Leaves voluntarily and keeps answering for {@code swim.leave-wait-ms} so the leave spreads. */
  public void leave() {
    if (loop.snapshot().left()) {
      return;
    }
    call(core -> core.leave(clock.nowMs()));
    sleepMs(config.leaveWaitMs());
    log.info("member {} left", self().id());
  }

  /**
   * Joins again: after {@link #leave()} under a new member ID, otherwise by contacting the given
   * introducers (or the configured seeds) afresh. Waits up to {@code join-timeout-ms}.
   */
  public void join(List<HostPort> introducers) {
    if (loop.snapshot().left()) {
      loop.replaceCore();
    }
    call(core -> core.join(clock.nowMs(), introducers));
    awaitJoin(config.joinTimeoutMs());
  }

  /** Switches suspicion on or off for the whole group (the newest switch wins everywhere). */
  public void setSuspicion(boolean enabled) {
    call(core -> core.setSuspicion(clock.nowMs(), enabled));
  }

  public boolean suspicionEnabled() {
    return loop.snapshot().suspicionEnabled();
  }

  /** Lifeguard's local health multiplier (0 = healthy). */
  public int localHealth() {
    return loop.snapshot().localHealth();
  }

  public SwimStats stats() {
    return loop.stats();
  }

  public SwimConfig config() {
    return config;
  }

  /** The address the socket is bound to (the actual port when {@code swim.port} was 0). */
  public HostPort address() {
    return address;
  }

  /** Leaves (if still a member) and stops. */
  @Override
  public void close() {
    if (loop.running() && !loop.snapshot().left()) {
      leave();
    }
    kill();
  }

  /** Stops at once without telling anyone, as a crash would (tests). */
  public void kill() {
    loop.stop();
    control.close();
    events.close();
    closeQuietly(channel);
  }

  private void call(Function<SwimCore, Actions> command) {
    CompletableFuture<Void> done = loop.submit(command);
    try {
      done.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("SWIM protocol thread did not run the command", e);
    }
  }

  private static void sleepMs(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(DatagramChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        log.debug("closing socket", e);
      }
    }
  }
}
