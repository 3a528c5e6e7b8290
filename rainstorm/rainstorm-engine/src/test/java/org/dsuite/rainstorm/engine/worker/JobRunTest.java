package org.dsuite.rainstorm.engine.worker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dsuite.rainstorm.api.job.BenchmarkApps;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.dsuite.rainstorm.engine.leader.Assignment;
import org.dsuite.rainstorm.engine.net.DataPlaneConfig;
import org.dsuite.rainstorm.engine.task.StagePlan;
import org.junit.jupiter.api.Test;

/**
 * A paused worker, as its senders see it: a TCP listener whose kernel accepts connections and
 * buffers bytes but that never grants credit. Without {@link JobRun#disconnectFrom} a task sending
 * to it waits out the whole credit wait (30 s by default), which stalled every task on the other
 * workers in the SIGSTOP test; with it, the blocked send ends at once and no new connection is
 * opened to that worker until swim lists it in the group again ({@link JobRun#reconnectTo}).
 */
class JobRunTest {
  private static final TaskKey DOWNSTREAM = new TaskKey(1, 0);

  private static List<DataTuple> batch() {
    return List.of(new DataTuple(TupleId.ofSourceLine(1), "k", "v"));
  }

  /** One batch to {@link #DOWNSTREAM} on the sender thread. */
  private static Future<?> sendAsync(JobRun run, ExecutorService sender) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            run.out.send(DOWNSTREAM, 0, batch());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        },
        sender);
  }

  /** The receiver grants no credit, so the send is still waiting a while later. */
  private static void stillWaiting(Future<?> send) {
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !send.isDone());
  }

  @Test
  void aVerdictEndsABlockedSendAndStopsNewConnectionsUntilTheWorkerIsBack() throws Exception {
    ExecutorService sender = Executors.newSingleThreadExecutor();
    try (ServerSocket paused = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      InetSocketAddress address = (InetSocketAddress) paused.getLocalSocketAddress();
      DataPlaneConfig net = DataPlaneConfig.defaults(); // 30 s credit wait
      JobRun run =
          new JobRun(
              "job-1",
              StagePlan.of(BenchmarkApps.TRAFFIC_APP2.job("file:///in", "file:///out", 1)),
              w -> w.equals("w2") ? address : null,
              net);
      try {
        run.assignment = new Assignment(1, Map.of(new TaskKey(0, 0), "w1", DOWNSTREAM, "w2"));
        Future<?> blocked = sendAsync(run, sender);
        stillWaiting(blocked);

        run.disconnectFrom("w2");
        await().atMost(Duration.ofSeconds(5)).until(blocked::isDone);
        assertThatThrownBy(blocked::get).hasRootCauseInstanceOf(IOException.class);

        // Same assignment: the send fails at once instead of connecting to the paused worker again.
        assertThatThrownBy(() -> run.out.send(DOWNSTREAM, 0, batch()))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("not assigned");

        // A newer assignment alone does not lift it (written for another reason while w2 is still
        // paused, it would reopen the credit wait).
        run.assignment = new Assignment(2, Map.of(new TaskKey(0, 0), "w1", DOWNSTREAM, "w2"));
        assertThatThrownBy(() -> run.out.send(DOWNSTREAM, 0, batch()))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("not assigned");

        // Swim lists w2 again (a false verdict revived, or it restarted): the send connects and
        // waits for credit again; without this a false verdict would stop every send to w2 for
        // good.
        run.reconnectTo("w2");
        Future<?> again = sendAsync(run, sender);
        stillWaiting(again);
        run.disconnectFrom("w2");
        await().atMost(Duration.ofSeconds(5)).until(again::isDone);
      } finally {
        run.stop(false);
      }
    } finally {
      sender.shutdownNow();
    }
  }
}
