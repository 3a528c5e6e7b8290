package org.dsuite.swim.udp;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.dsuite.swim.wire.ControlReply;
import org.dsuite.swim.wire.ControlRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers control requests ({@code bin/swim list_mem --node host:port} etc.) that arrive on the
 * member's own UDP socket. Runs on its own thread: {@code leave} and {@code join} wait, and the
 * protocol thread must not. Requests are accepted only from loopback unless a cluster key
 * authenticates them (see {@link ProtocolLoop}). Replies are split into packets of at most {@code
 * swim.packet-bytes-max}; the client reassembles them by part number.
 */
final class ControlService implements AutoCloseable {
  /** Commands understood, with the grep-like status each returns. */
  static final List<String> COMMANDS =
      List.of(
          "list_mem",
          "list_self",
          "join",
          "leave",
          "enable_sus",
          "disable_sus",
          "status_sus",
          "stats");

  private static final Logger log = LoggerFactory.getLogger(ControlService.class);
  private final SwimMember member;
  private final BiConsumer<InetSocketAddress, ControlReply> reply;
  private final int chunkChars;
  private final ThreadPoolExecutor executor;

  ControlService(
      SwimMember member, BiConsumer<InetSocketAddress, ControlReply> reply, int packetBytesMax) {
    this.member = member;
    this.reply = reply;
    this.chunkChars = (packetBytesMax - 128) / 3; // UTF-8 is at most 3 bytes per UTF-16 unit
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(64),
            r -> {
              Thread t = new Thread(r, "swim-control");
              t.setDaemon(true);
              return t;
            });
  }

  void accept(InetSocketAddress from, ControlRequest request) {
    try {
      executor.execute(() -> answer(from, request));
    } catch (RejectedExecutionException e) {
      log.warn("control queue full; dropping {} from {}", request.command(), from);
    }
  }

  private void answer(InetSocketAddress from, ControlRequest request) {
    int status;
    String text;
    try {
      ControlClient.Reply r = MemberCommands.run(member, request.command(), request.args());
      status = r.status();
      text = r.text();
    } catch (RuntimeException e) {
      status = 2;
      text = "error: " + e.getMessage();
    }
    log.info("control {} from {} -> {}", request.command(), from, status);
    int parts = Math.max(1, (text.length() + chunkChars - 1) / chunkChars);
    for (int i = 0; i < parts; i++) {
      String chunk = text.substring(i * chunkChars, Math.min(text.length(), (i + 1) * chunkChars));
      reply.accept(from, new ControlReply(request.nonce(), i, parts, status, chunk));
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
