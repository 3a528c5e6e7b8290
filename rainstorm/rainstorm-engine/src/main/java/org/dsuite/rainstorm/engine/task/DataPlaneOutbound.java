package org.dsuite.rainstorm.engine.task;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.dsuite.rainstorm.engine.net.DataPlaneConfig;
import org.dsuite.rainstorm.engine.net.Frame;
import org.dsuite.rainstorm.engine.net.PeerConnection;
import org.dsuite.rainstorm.engine.net.TaskAddress;

/**
 * {@link Outbound} over the TCP data plane: looks up the worker that runs a task (from the current
 * assignment) and keeps one {@link PeerConnection} per (worker address, destination stage),
 * reconnecting after a failure on the next send.
 *
 * <p>One connection per destination stage, not per worker: credit is per connection, and a task
 * blocks while it waits for credit. With one shared connection a stage-1 task waiting to send to
 * stage 2 on worker B can hold back the credits that stage-0 batches for a stage-1 task on B need,
 * while that task waits on a connection back to A: a cycle, which the multi-process test hit as a
 * deadlock at 60 K rows. Per destination stage, waits only point downstream, and the sink never
 * waits on the network, so every wait ends.
 */
public final class DataPlaneOutbound implements Outbound, AutoCloseable {
  private final String job;
  private final Function<TaskKey, InetSocketAddress> locate;
  private final DataPlaneConfig config;
  private final Map<Peer, PeerConnection> peers = new ConcurrentHashMap<>();

  private record Peer(InetSocketAddress address, int stage) {}

  /**
   * @param locate the data-plane address of the worker running a task, or null if unassigned
   */
  public DataPlaneOutbound(
      String job, Function<TaskKey, InetSocketAddress> locate, DataPlaneConfig config) {
    this.job = job;
    this.locate = locate;
    this.config = config;
  }

  @Override
  public void send(TaskKey to, int fromTask, List<DataTuple> tuples) throws IOException {
    peer(to).send(new Frame.Batch(address(to), fromTask, tuples));
  }

  @Override
  public void ack(TaskKey to, int fromTask, List<TupleId> ids) throws IOException {
    peer(to).send(new Frame.Acks(address(to), fromTask, ids));
  }

  private TaskAddress address(TaskKey k) {
    return new TaskAddress(job, k.stage(), k.task());
  }

  private PeerConnection peer(TaskKey to) throws IOException {
    InetSocketAddress address = locate.apply(to);
    if (address == null) {
      throw new IOException("task " + to + " of " + job + " is not assigned");
    }
    Peer where = new Peer(address, to.stage());
    PeerConnection c = peers.get(where);
    if (c != null && c.isOpen()) {
      return c;
    }
    if (c != null) {
      peers.remove(where, c);
      c.close();
    }
    PeerConnection fresh = PeerConnection.connect(address, config);
    PeerConnection raced = peers.putIfAbsent(where, fresh);
    if (raced != null) {
      fresh.close();
      return raced;
    }
    if (!address.equals(locate.apply(to))) {
      // a disconnect (or a move) came while this connection was being opened and its sweep missed
      // it: a connection to a paused receiver would wait out the whole credit wait
      peers.remove(where, fresh);
      fresh.close();
      throw new IOException("task " + to + " of " + job + " moved or its worker failed");
    }
    return fresh;
  }

  /**
   * Closes the connections to the worker at {@code address} (swim declared it failed): a task
   * blocked waiting for credit from it wakes at once with an I/O error (its resend timer retries,
   * towards wherever the task moved) instead of after the credit wait, which a paused, not dead,
   * receiver would otherwise run out (its kernel keeps the connection open).
   */
  public void disconnect(InetSocketAddress address) {
    peers.forEach(
        (p, c) -> {
          if (p.address().equals(address) && peers.remove(p, c)) {
            try {
              c.close();
            } catch (IOException e) {
              // closing is all that was wanted
            }
          }
        });
  }

  @Override
  public void close() throws IOException {
    for (PeerConnection c : peers.values()) {
      c.close();
    }
    peers.clear();
  }
}
