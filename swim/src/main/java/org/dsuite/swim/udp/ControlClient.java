package org.dsuite.swim.udp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dsuite.common.net.HostPort;
import org.dsuite.common.time.Clock;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.wire.ControlReply;
import org.dsuite.swim.wire.ControlRequest;

/** Sends one control request to a running member and collects every part of the reply. */
public final class ControlClient {
  /** The reassembled answer. */
  public record Reply(int status, String text) {}

  private ControlClient() {}

  /**
   * @param cfg supplies {@code swim.cluster-key}, {@code swim.replay-window-ms}
   * @throws IllegalStateException if no complete reply arrived within {@code timeoutMs}
   */
  public static Reply call(
      SwimConfig cfg, HostPort node, String command, List<String> args, long timeoutMs) {
    Clock clock = Clock.system();
    // counters start at the wall clock in microseconds so a reused ephemeral port never replays
    PacketIo io = new PacketIo(cfg, new AtomicLong(clock.wallMs() * 1000));
    long nonce = new SecureRandom().nextLong();
    try (DatagramChannel ch = DatagramChannel.open();
        Selector selector = Selector.open()) {
      ch.bind(new InetSocketAddress(0));
      ch.configureBlocking(false);
      ch.register(selector, SelectionKey.OP_READ);
      InetSocketAddress to = new InetSocketAddress(node.host(), node.port());
      ch.send(
          ByteBuffer.wrap(io.seal(new ControlRequest(nonce, command, args), clock.wallMs())), to);
      String[] parts = null;
      int have = 0;
      int status = 2;
      long deadline = clock.nowMs() + timeoutMs;
      ByteBuffer buf = ByteBuffer.allocate(65_536);
      while (parts == null || have < parts.length) {
        long wait = deadline - clock.nowMs();
        if (wait <= 0) {
          throw new IllegalStateException(
              "no answer from "
                  + node
                  + " within "
                  + timeoutMs
                  + " ms (is a member running there?)");
        }
        selector.select(wait);
        selector.selectedKeys().clear();
        buf.clear();
        if (ch.receive(buf) == null) {
          continue;
        }
        PacketIo.Opened o = io.open(buf.array(), buf.position(), node, clock.wallMs());
        if (!(o.payload() instanceof ControlReply r) || r.nonce() != nonce || r.parts() < 1) {
          continue;
        }
        if (parts == null) {
          parts = new String[Math.min(r.parts(), 100_000)];
        }
        if (r.part() < parts.length && parts[r.part()] == null) {
          parts[r.part()] = r.text();
          have++;
          status = r.status();
        }
      }
      return new Reply(status, String.join("", parts));
    } catch (IOException e) {
      throw new UncheckedIOException("control request to " + node + " failed", e);
    }
  }
}
