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

  @Test
  void overwritesEveryReportInOneGoOnceTheyExist() throws Exception {
    TaskKey a = TaskKey.parse("0-0");
    TaskKey b = TaskKey.parse("1-2");
    store.writeProgress("j", a, new TaskProgress("w1", 3, false, 1, ""));
    // One znode is missing: nothing is written, so the caller can fall back to one by one.
    assertThat(store.overwriteAll(List.of(progress("0-0", 10), progress("1-2", 20)))).isFalse();
    assertThat(store.progress("j").get(a).progress().inputs()).isEqualTo(1);
    assertThat(store.progress("j")).doesNotContainKey(b);

    store.writeProgress("j", b, new TaskProgress("w1", 3, false, 2, ""));
    assertThat(store.overwriteAll(List.of(progress("0-0", 10), progress("1-2", 20)))).isTrue();
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
