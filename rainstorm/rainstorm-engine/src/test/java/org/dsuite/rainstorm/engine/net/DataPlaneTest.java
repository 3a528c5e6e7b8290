package org.dsuite.rainstorm.engine.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batches, acks and credit-based flow control over loopback TCP. */
class DataPlaneTest {
  private static final TaskAddress TO = new TaskAddress("job-1", 2, 1);
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  /** Records what arrives; optionally blocks batches until released. */
  static final class Recorder implements DataPlaneServer.Handler {
    final List<Frame.Batch> batches = new CopyOnWriteArrayList<>();
    final List<Frame.Acks> acks = new CopyOnWriteArrayList<>();
    final List<Runnable> heldCredits = new CopyOnWriteArrayList<>();
    volatile boolean hold;

    @Override
    public void onBatch(Frame.Batch b, Runnable credit) {
      batches.add(b);
      if (hold) {
        heldCredits.add(credit); // the task has not consumed it yet
      } else {
        credit.run();
      }
    }

    void release() {
      hold = false;
      heldCredits.forEach(Runnable::run);
    }

    @Override
    public void onAcks(Frame.Acks a) {
      acks.add(a);
    }
  }

  private DataPlaneServer server(Recorder r, DataPlaneConfig cfg) throws IOException {
    DataPlaneServer s = DataPlaneServer.start(new InetSocketAddress("127.0.0.1", 0), cfg, r);
    open.add(s);
    return s;
  }

  private PeerConnection connect(DataPlaneServer s, DataPlaneConfig cfg) throws IOException {
    PeerConnection c = PeerConnection.connect(new InetSocketAddress("127.0.0.1", s.port()), cfg);
    open.add(c);
    return c;
  }

  private static List<DataTuple> tuples(int from, int n) {
    List<DataTuple> ts = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      ts.add(
          new DataTuple(TupleId.ofSourceLine(i).child(1, 0), "k" + i, "value, \"quoted\" é " + i));
    }
    return ts;
  }

  @Test
  void batchesAndAcksArriveIntactAndInOrder() throws Exception {
    Recorder r = new Recorder();
    DataPlaneConfig cfg = DataPlaneConfig.defaults();
    DataPlaneServer s = server(r, cfg);
    PeerConnection c = connect(s, cfg);
    List<DataTuple> sent = new ArrayList<>();
    for (int b = 0; b < 50; b++) {
      List<DataTuple> batch = tuples(b * 100, 100);
      sent.addAll(batch);
      c.send(new Frame.Batch(TO, 0, batch));
    }
    List<TupleId> ackIds = List.of(TupleId.ofSourceLine(1), TupleId.ofSourceLine(2));
    c.send(new Frame.Acks(TO, 2, ackIds));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> r.batches.size() == 50 && r.acks.size() == 1);
    List<DataTuple> got = new ArrayList<>();
    r.batches.forEach(b -> got.addAll(b.tuples()));
    assertThat(got).isEqualTo(sent);
    assertThat(r.batches.get(0).to()).isEqualTo(TO);
    assertThat(r.acks.get(0).ids()).isEqualTo(ackIds);
    assertThat(r.acks.get(0).fromTask()).isEqualTo(2);
  }

  @Test
  void framesOfEverySizeArriveIntactThroughTheReceiversReusedBuffer() throws Exception {
    // The receiver reads every frame of a connection into one array, grown as needed: a small
    // frame after a large one must end at its own length, not at the array's.
    Recorder r = new Recorder();
    DataPlaneConfig cfg = DataPlaneConfig.defaults();
    DataPlaneServer s = server(r, cfg);
    PeerConnection c = connect(s, cfg);
    List<List<DataTuple>> sent = new ArrayList<>();
    for (int n : new int[] {2_000, 1, 300, 5_000, 3, 0, 1}) {
      List<DataTuple> batch = tuples(sent.size() * 10_000, n);
      sent.add(batch);
      c.send(new Frame.Batch(TO, 0, batch));
    }
    List<TupleId> ackIds = List.of(TupleId.ofSourceLine(7));
    c.send(new Frame.Acks(TO, 2, ackIds));
    await().atMost(Duration.ofSeconds(20)).until(() -> r.acks.size() == 1);
    assertThat(r.batches).extracting(Frame.Batch::tuples).containsExactlyElementsOf(sent);
    assertThat(r.acks.get(0).ids()).isEqualTo(ackIds);
    assertThat(s.badConnections()).isZero();
  }

  @Test
  void creditsReleasedTogetherGoBackInOneFrameAndEachCountsOnce() throws Exception {
    Recorder r = new Recorder();
    r.hold = true;
    DataPlaneConfig cfg = new DataPlaneConfig(3, 1 << 20, 2_000, 300, 64 << 10, 1);
    DataPlaneServer s = server(r, cfg);
    PeerConnection c = connect(s, cfg);
    await().atMost(Duration.ofSeconds(20)).until(() -> c.availableCredits() == 3);
    for (int i = 0; i < 3; i++) {
      c.send(new Frame.Batch(TO, 0, tuples(i, 1)));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> r.heldCredits.size() == 3);
    List<DataPlaneServer.Credit> credits = new ArrayList<>();
    r.heldCredits.forEach(k -> credits.add((DataPlaneServer.Credit) k));
    credits.forEach(DataPlaneServer.Credit::release);
    credits.get(0).release(); // a second release of one credit counts nothing
    assertThat(c.availableCredits()).as("nothing written before the flush").isZero();
    credits.get(2).flush();
    await().atMost(Duration.ofSeconds(20)).until(() -> c.availableCredits() == 3);
    credits.forEach(DataPlaneServer.Credit::flush); // nothing left to write
    credits.forEach(DataPlaneServer.Credit::run); // already returned: no extra credit
    for (int i = 0; i < 3; i++) {
      c.send(new Frame.Batch(TO, 0, tuples(10 + i, 1)));
    }
    assertThatThrownBy(() -> c.send(new Frame.Batch(TO, 0, tuples(20, 1))))
        .as("exactly three credits came back")
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no credit");
  }

  @Test
  void creditsGoBackInGroupsAndAnImmediateReturnTakesTheRestAlong() throws Exception {
    Recorder r = new Recorder();
    r.hold = true;
    DataPlaneConfig cfg = new DataPlaneConfig(4, 1 << 20, 2_000, 300, 64 << 10, 2);
    DataPlaneServer s = server(r, cfg);
    PeerConnection c = connect(s, cfg);
    await().atMost(Duration.ofSeconds(20)).until(() -> c.availableCredits() == 4);
    for (int i = 0; i < 4; i++) {
      c.send(new Frame.Batch(TO, 0, tuples(i, 1)));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> r.heldCredits.size() == 4);
    List<DataPlaneServer.Credit> credits = new ArrayList<>();
    r.heldCredits.forEach(k -> credits.add((DataPlaneServer.Credit) k));
    credits.get(0).release();
    credits.get(0).flush(); // one owed, groups of two: nothing written
    assertThat(s.creditFramesWritten()).as("only the initial grant").isEqualTo(1);
    credits.get(1).release();
    credits.get(1).flush();
    assertThat(s.creditFramesWritten()).isEqualTo(2);
    await().atMost(Duration.ofSeconds(20)).until(() -> c.availableCredits() == 2);
    credits.get(2).release();
    credits.get(2).flush(); // one owed again: held back
    assertThat(s.creditFramesWritten()).isEqualTo(2);
    credits.get(3).run(); // returned at once, with the one held back
    assertThat(s.creditFramesWritten()).isEqualTo(3);
    await().atMost(Duration.ofSeconds(20)).until(() -> c.availableCredits() == 4);
    for (int i = 0; i < 4; i++) {
      c.send(new Frame.Batch(TO, 0, tuples(10 + i, 1)));
    }
    assertThatThrownBy(() -> c.send(new Frame.Batch(TO, 0, tuples(20, 1))))
        .as("exactly four credits came back")
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no credit");
  }

  @Test
  void creditGroupLargerThanTheWindowIsRefusedWithItsKey() {
    assertThatThrownBy(() -> new DataPlaneConfig(4, 1 << 20, 2_000, 300, 64 << 10, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rainstorm.net.credit-return-batches");
  }

  @Test
  void senderStopsAtTheInFlightBoundUntilTheReceiverTakesBatches() throws Exception {
    Recorder r = new Recorder();
    r.hold = true;
    DataPlaneConfig cfg = new DataPlaneConfig(3, 1 << 20, 2_000, 300, 64 << 10, 1);
    DataPlaneServer s = server(r, cfg);
    PeerConnection c = connect(s, cfg);
    // 3 credits were granted and the task consumes nothing: the 4th send finds no credit.
    for (int i = 0; i < 3; i++) {
      c.send(new Frame.Batch(TO, 0, tuples(i, 1)));
    }
    assertThatThrownBy(() -> c.send(new Frame.Batch(TO, 0, tuples(9, 1))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no credit");
    // Acks are never throttled, and the receiver still reads them.
    c.send(new Frame.Acks(TO, 0, List.of(TupleId.ofSourceLine(5))));
    await().atMost(Duration.ofSeconds(20)).until(() -> r.acks.size() == 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> r.heldCredits.size() == 3);
    r.release();
    c.send(new Frame.Batch(TO, 0, tuples(10, 1)));
    await().atMost(Duration.ofSeconds(20)).until(() -> r.batches.size() == 4);
  }

  @Test
  void malformedFrameClosesOnlyThatConnection() throws Exception {
    Recorder r = new Recorder();
    DataPlaneConfig cfg = DataPlaneConfig.defaults();
    DataPlaneServer s = server(r, cfg);
    try (Socket bad = new Socket("127.0.0.1", s.port())) {
      DataOutputStream o = new DataOutputStream(bad.getOutputStream());
      o.writeInt(Integer.MAX_VALUE); // absurd length
      o.flush();
      await().atMost(Duration.ofSeconds(20)).until(() -> s.badConnections() == 1);
    }
    try (Socket bad = new Socket("127.0.0.1", s.port())) {
      DataOutputStream o = new DataOutputStream(bad.getOutputStream());
      o.writeInt(9);
      o.writeByte(FrameCodec.BATCH);
      o.writeInt(-5); // negative string length
      o.writeInt(0);
      o.flush();
      await().atMost(Duration.ofSeconds(20)).until(() -> s.badConnections() == 2);
    }
    PeerConnection c = connect(s, cfg);
    c.send(new Frame.Batch(TO, 0, tuples(0, 3)));
    await().atMost(Duration.ofSeconds(20)).until(() -> r.batches.size() == 1);
  }

  @Test
  void sendToAClosedReceiverFails() throws Exception {
    Recorder r = new Recorder();
    DataPlaneConfig cfg = new DataPlaneConfig(2, 1 << 20, 2_000, 2_000, 64 << 10, 1);
    DataPlaneServer s = server(r, cfg);
    PeerConnection c = connect(s, cfg);
    c.send(new Frame.Batch(TO, 0, tuples(0, 1)));
    s.close();
    await()
        .atMost(Duration.ofSeconds(20))
        .pollDelay(10, TimeUnit.MILLISECONDS)
        .until(
            () -> {
              try {
                c.send(new Frame.Batch(TO, 0, tuples(1, 1)));
                return false;
              } catch (IOException e) {
                return true;
              }
            });
    assertThat(c.isOpen()).isFalse();
  }
}
