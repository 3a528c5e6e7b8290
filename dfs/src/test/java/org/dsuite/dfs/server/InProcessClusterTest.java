package org.dsuite.dfs.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.dsuite.dfs.client.HydfsClient;
import org.dsuite.dfs.client.HydfsException;
import org.dsuite.dfs.testkit.LocalCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InProcessClusterTest {
  @TempDir Path dir;
  LocalCluster cluster;

  @BeforeEach
  void up() {
    cluster = new LocalCluster(dir, 4, LocalCluster.fastConfig());
    cluster.awaitRing(15_000);
  }

  @AfterEach
  void down() {
    cluster.close();
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void createAppendGetAndExists() throws Exception {
    try (HydfsClient c = cluster.client(0);
        HydfsClient other = cluster.client(3)) {
      c.create("a.txt", b("hello "));
      c.append("a.txt", b("world"));
      assertThat(new String(c.read("a.txt"), StandardCharsets.UTF_8)).isEqualTo("hello world");
      assertThat(new String(other.read("a.txt"), StandardCharsets.UTF_8)).isEqualTo("hello world");
      assertThatThrownBy(() -> other.create("a.txt", b("x")))
          .isInstanceOfSatisfying(
              HydfsException.class,
              e -> assertThat(e.kind()).isEqualTo(HydfsException.Kind.EXISTS));
      assertThatThrownBy(() -> other.read("missing"))
          .isInstanceOfSatisfying(
              HydfsException.class,
              e -> assertThat(e.kind()).isEqualTo(HydfsException.Kind.NOT_FOUND));
      var loc = c.ls("a.txt");
      assertThat(loc.replicas()).hasSize(3).allMatch(r -> r.status().startsWith("holds 11 bytes"));
    }
  }
}
