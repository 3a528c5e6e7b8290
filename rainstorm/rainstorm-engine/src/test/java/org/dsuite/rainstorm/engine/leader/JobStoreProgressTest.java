package org.dsuite.rainstorm.engine.leader;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A worker's batched progress report against a real in-process ZooKeeper server. */
class JobStoreProgressTest {
  private TestingServer server;
  private CuratorFramework zk;
  private JobStore store;

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(true);
    zk =
        CuratorFrameworkFactory.builder()
            .connectString(server.getConnectString())
            .retryPolicy(new RetryOneTime(100))
            .build();
    zk.start();
    store = new JobStore(zk, new ZkLayout("/t"));
  }

  @AfterEach
  void stop() throws Exception {
    zk.close();
    server.close();
  }

  private JobStore.ZnodeWrite progress(String task, long inputs) {
    return new JobStore.ZnodeWrite(
        store.layout().progress("j", task), new TaskProgress("w1", 3, false, inputs, "").encode());
  }

  /**
   * Reports bigger than one ZooKeeper request may be (1 MB by default; sinks' stats carry
   * histograms) go in several transactions, each group whole: without the split the server drops
   * the connection and Curator retries the same request until the timeout fails this test.
   */
  @Test
  @Timeout(120)
  void reportsLargerThanOneRequestAreSplitIntoSeveralTransactions() throws Exception {
    List<List<JobStore.ZnodeWrite>> groups = new java.util.ArrayList<>();
    byte[] big = new byte[60 * 1024];
    java.util.Arrays.fill(big, (byte) 'x');
    for (int t = 0; t < 20; t++) { // 20 x 2 x 60 KB = 2.4 MB
      TaskKey k = new TaskKey(0, t);
      store.writeProgress("j", k, new TaskProgress("w1", 3, false, 1, ""));
      String stats = store.layout().progress("j", k.toString()) + "-stats";
      zk.create().forPath(stats);
      groups.add(
          List.of(
              new JobStore.ZnodeWrite(stats, big),
              new JobStore.ZnodeWrite(store.layout().progress("j", k.toString()), big)));
    }
    assertThat(store.overwriteAll(groups)).isTrue();
    for (int t = 0; t < 20; t++) {
      String progress = store.layout().progress("j", new TaskKey(0, t).toString());
      assertThat(zk.getData().forPath(progress)).hasSize(big.length);
      assertThat(zk.getData().forPath(progress + "-stats")).hasSize(big.length);
    }
  }

  @Test
  void overwritesEveryReportInOneGoOnceTheyExist() throws Exception {
    TaskKey a = TaskKey.parse("0-0");
    TaskKey b = TaskKey.parse("1-2");
    store.writeProgress("j", a, new TaskProgress("w1", 3, false, 1, ""));
    // One znode is missing: nothing is written, so the caller can fall back to one by one.
    assertThat(
            store.overwriteAll(List.of(List.of(progress("0-0", 10)), List.of(progress("1-2", 20)))))
        .isFalse();
    assertThat(store.progress("j").get(a).progress().inputs()).isEqualTo(1);
    assertThat(store.progress("j")).doesNotContainKey(b);

    store.writeProgress("j", b, new TaskProgress("w1", 3, false, 2, ""));
    assertThat(
            store.overwriteAll(List.of(List.of(progress("0-0", 10)), List.of(progress("1-2", 20)))))
        .isTrue();
    Map<TaskKey, JobStore.Report> got = store.progress("j");
    assertThat(got.get(a).progress().inputs()).isEqualTo(10);
    assertThat(got.get(b).progress().inputs()).isEqualTo(20);
    assertThat(got.get(a).version()).isEqualTo(1); // each write counts: reports stay visible
    assertThat(
            new String(
                zk.getData().forPath(store.layout().progress("j", "1-2")), StandardCharsets.UTF_8))
        .contains("inputs=20");
  }
}
