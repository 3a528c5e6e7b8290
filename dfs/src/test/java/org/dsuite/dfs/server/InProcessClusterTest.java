package org.dsuite.dfs.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
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

  @Test
  void rangeReadsReturnTheSliceAndTheFileSizeAndSeeTheClientsOwnAppends() throws Exception {
    try (HydfsClient c = cluster.client(0);
        HydfsClient other = cluster.client(2)) {
      c.create("r.txt", b("0123456789"));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      HydfsClient.ReadResult r = other.read("r.txt", 3, 4, out);
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("3456");
      assertThat(r.bytes()).isEqualTo(4);
      assertThat(r.fileSize()).isEqualTo(10);
      // a follower reads from where it stopped; the writer's own append is there at once
      c.append("r.txt", b("abc"));
      out.reset();
      r = c.read("r.txt", 10, Long.MAX_VALUE, out);
      assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("abc");
      assertThat(r.fileSize()).isEqualTo(13);
      // past the end: nothing, and where the end is
      out.reset();
      r = other.read("r.txt", 100, 5, out);
      assertThat(out.size()).isZero();
      assertThat(r.bytes()).isZero();
      assertThat(r.fileSize()).isEqualTo(13);
      assertThatThrownBy(() -> c.read("r.txt", -1, 5, new ByteArrayOutputStream()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> c.read("nope", 0, 5, new ByteArrayOutputStream()))
          .isInstanceOfSatisfying(
              HydfsException.class,
              e -> assertThat(e.kind()).isEqualTo(HydfsException.Kind.NOT_FOUND));
    }
  }
}
