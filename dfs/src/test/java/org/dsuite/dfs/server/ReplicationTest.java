package org.dsuite.dfs.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.dsuite.common.net.HostPort;
import org.dsuite.dfs.client.HydfsClient;
import org.dsuite.dfs.client.Listings;
import org.dsuite.dfs.rpc.Op;
import org.dsuite.dfs.rpc.Status;
import org.dsuite.dfs.rpc.Wire;
import org.dsuite.dfs.testkit.LocalCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replication behaviour on in-process servers with real swim members. */
class ReplicationTest {
  @TempDir Path dir;
  LocalCluster cluster;

  @AfterEach
  void down() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Members that hold {@code name} according to ls (expects all of them to answer). */
  static long holders(HydfsClient c, String name) throws Exception {
    return c.ls(name).replicas().stream().filter(r -> r.status().startsWith("holds")).count();
  }

  @Test
  void twoCrashedReplicasAreReplacedWithoutClientHelp() throws Exception {
    cluster = new LocalCluster(dir, 5, LocalCluster.fastConfig());
    cluster.awaitRing(15_000);
    byte[] data = random(300_000, 7);
    try (HydfsClient c = cluster.client()) {
      c.create("big.bin", data);
      List<Listings.Replica> reps = c.ls("big.bin").replicas();
      cluster.crash(cluster.indexOf(reps.get(0).memberId()));
      cluster.crash(cluster.indexOf(reps.get(1).memberId()));
    }
    cluster.awaitRing(20_000);
    try (HydfsClient c = cluster.client()) {
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> holders(c, "big.bin") == 3);
      assertThat(c.read("big.bin")).isEqualTo(data);
      for (Listings.Replica r : c.ls("big.bin").replicas()) {
        Path out = dir.resolve("copy-" + r.ringId());
        c.getFromReplica(r.address(), "big.bin", out);
        assertThat(Files.readAllBytes(out)).isEqualTo(data);
      }
    }
  }

  @Test
  void aJoiningNodeReceivesItsFilesAndOthersDropThem() throws Exception {
    cluster = new LocalCluster(dir, 5, 4, LocalCluster.fastConfig());
    cluster.awaitRing(15_000);
    Map<String, byte[]> files = new HashMap<>();
    try (HydfsClient c = cluster.client()) {
      for (int i = 0; i < 20; i++) {
        byte[] d = random(1000 + i, i);
        c.create("file-" + i, d);
        files.put("file-" + i, d);
      }
    }
    cluster.start(4);
    cluster.awaitRing(15_000);
    try (HydfsClient c = cluster.client()) {
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                int copies = 0;
                for (int i = 0; i < 5; i++) {
                  copies += c.store(cluster.slot(i).address()).files().size();
                }
                boolean placed = true;
                for (String f : files.keySet()) {
                  placed &= holders(c, f) == 3;
                }
                return placed && copies == 3 * files.size();
              });
      String newcomer = cluster.slot(4).node.selfId();
      long moved =
          files.keySet().stream()
              .filter(
                  f -> {
                    try {
                      return c.ls(f).replicas().stream()
                          .anyMatch(r -> r.memberId().equals(newcomer));
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  })
              .count();
      assertThat(c.store(cluster.slot(4).address()).files()).hasSize((int) moved);
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        assertThat(c.read(e.getKey())).isEqualTo(e.getValue());
      }
    }
  }

  @Test
  void concurrentAppendsKeepEachClientsOrderAndMergeMakesReplicasIdentical() throws Exception {
    cluster = new LocalCluster(dir, 4, LocalCluster.fastConfig());
    cluster.awaitRing(15_000);
    try (HydfsClient c = cluster.client()) {
      c.create("log", "BASE\n".getBytes(StandardCharsets.UTF_8));
    }
    int clients = 4;
    int appends = 15;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int k = 0; k < clients; k++) {
        int id = k;
        done.add(
            pool.submit(
                () -> {
                  try (HydfsClient c = cluster.client(id)) {
                    for (int s = 1; s <= appends; s++) {
                      c.append("log", ("c" + id + " " + s + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    try (HydfsClient c = cluster.client()) {
      assertThat(c.merge("log")).startsWith("merged");
      List<String> contents = new ArrayList<>();
      for (Listings.Replica r : c.ls("log").replicas()) {
        Path out = dir.resolve("rep-" + r.ringId());
        c.getFromReplica(r.address(), "log", out);
        contents.add(Files.readString(out));
      }
      assertThat(contents).hasSize(3);
      assertThat(contents.get(1)).isEqualTo(contents.get(0));
      assertThat(contents.get(2)).isEqualTo(contents.get(0));
      String[] lines = contents.get(0).split("\n");
      assertThat(lines[0]).isEqualTo("BASE");
      assertThat(lines).hasSize(1 + clients * appends);
      Map<String, Integer> last = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        String[] p = lines[i].split(" ");
        int seq = Integer.parseInt(p[1]);
        assertThat(seq).as("order of %s", p[0]).isEqualTo(last.getOrDefault(p[0], 0) + 1);
        last.put(p[0], seq);
      }
    }
  }

  @Test
  void aClientReadsItsOwnAppendsAndItsCacheNeverMissesThem() throws Exception {
    cluster = new LocalCluster(dir, 3, LocalCluster.fastConfig());
    cluster.awaitRing(15_000);
    try (HydfsClient c = cluster.client(0);
        HydfsClient other = cluster.client(2)) {
      c.create("rw", "a".getBytes(StandardCharsets.UTF_8));
      assertThat(new String(c.read("rw"), StandardCharsets.UTF_8)).isEqualTo("a");
      assertThat(new String(c.read("rw"), StandardCharsets.UTF_8)).isEqualTo("a");
      assertThat(c.cache().hits()).isEqualTo(1);
      c.append("rw", "b".getBytes(StandardCharsets.UTF_8));
      assertThat(new String(c.read("rw"), StandardCharsets.UTF_8)).isEqualTo("ab");
      other.append("rw", "c".getBytes(StandardCharsets.UTF_8));
      // another client's append changes the version: the cached "ab" is not served
      assertThat(new String(c.read("rw"), StandardCharsets.UTF_8)).isEqualTo("abc");
    }
  }

  @Test
  void aCorruptReplicaIsDetectedOnReadAndRepaired() throws Exception {
    cluster = new LocalCluster(dir, 3, LocalCluster.fastConfig());
    cluster.awaitRing(15_000);
    byte[] data = random(200_000, 3);
    try (HydfsClient c = cluster.client()) {
      c.create("fragile", data);
      Path blockFile;
      try (Stream<Path> files = Files.walk(cluster.slot(1).dataDir.resolve("files"))) {
        blockFile =
            files
                .filter(p -> p.getFileName().toString().matches("b\\d+"))
                .findFirst()
                .orElseThrow();
      }
      try (RandomAccessFile raf = new RandomAccessFile(blockFile.toFile(), "rw")) {
        raf.seek(100_000);
        int b = raf.read();
        raf.seek(100_000);
        raf.write(b ^ 1);
      }
      Path out = dir.resolve("fragile.out");
      c.getFromReplica(cluster.slot(1).address(), "fragile", out);
      assertThat(Files.readAllBytes(out)).isEqualTo(data);
      // the block on disk is fixed, not just the bytes served
      c.getFromReplica(cluster.slot(1).address(), "fragile", out);
      assertThat(Files.readAllBytes(out)).isEqualTo(data);
      assertThat(cluster.slot(1).node.corruptionsDetected()).isEqualTo(1);
    }
  }

  @Test
  void malformedRequestsGetAnErrorAndChangeNothing() throws Exception {
    cluster = new LocalCluster(dir, 3, LocalCluster.fastConfig());
    cluster.awaitRing(15_000);
    HostPort hp = HostPort.parse(cluster.slot(0).address());
    // a create whose name is over the limit
    assertThat(rawCreate(hp, 5000, "x")).isEqualTo(Status.BAD_REQUEST);
    // a name with NUL, and an empty name
    assertThat(rawCreate(hp, -1, "a\0b")).isEqualTo(Status.BAD_REQUEST);
    assertThat(rawCreate(hp, -1, "")).isEqualTo(Status.BAD_REQUEST);
    // not our protocol at all
    try (Socket s = new Socket(hp.host(), hp.port())) {
      s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(new DataInputStream(s.getInputStream()).readUnsignedByte())
          .isEqualTo(Status.BAD_REQUEST.code);
    }
    try (HydfsClient c = cluster.client()) {
      for (int i = 0; i < 3; i++) {
        assertThat(c.store(cluster.slot(i).address()).files()).isEmpty();
      }
      // the server still works
      c.create("ok", new byte[] {1});
      assertThat(c.read("ok")).containsExactly(1);
    }
    // a read of a negative range, through the coordinator and straight from a replica
    for (boolean localOnly : new boolean[] {false, true}) {
      assertThat(rawGet(hp, "ok", -1, 10, localOnly)).isEqualTo(Status.BAD_REQUEST);
      assertThat(rawGet(hp, "ok", 0, -10, localOnly)).isEqualTo(Status.BAD_REQUEST);
    }
    try (HydfsClient c = cluster.client()) {
      assertThat(c.read("ok")).containsExactly(1);
    }
  }

  private static Status rawGet(HostPort hp, String name, long start, long max, boolean localOnly)
      throws Exception {
    try (Socket s = new Socket(hp.host(), hp.port())) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeInt(Wire.MAGIC);
      out.writeByte(Op.GET.code);
      Wire.writeString(out, name);
      Wire.writeString(out, "");
      out.writeLong(0);
      out.writeLong(0);
      out.writeBoolean(localOnly);
      out.writeLong(start);
      out.writeLong(max);
      out.flush();
      return Status.of(new DataInputStream(s.getInputStream()).readUnsignedByte());
    }
  }

  @Test
  void multiappendLegsReadOnlyUnderTheLocalDirectory() throws Exception {
    cluster = new LocalCluster(dir, 3, LocalCluster.fastConfig());
    cluster.awaitRing(15_000);
    Files.writeString(dir.resolve("part.txt"), "from node\n");
    Files.writeString(dir.getParent().resolve("outside-" + dir.getFileName()), "secret");
    try (HydfsClient c = cluster.client()) {
      c.create("m", "base\n".getBytes(StandardCharsets.UTF_8));
      c.appendFromNode(cluster.slot(1).address(), "m", "part.txt");
      assertThat(new String(c.read("m"), StandardCharsets.UTF_8)).isEqualTo("base\nfrom node\n");
      for (String hostile : List.of("../outside-" + dir.getFileName(), "/etc/passwd", "nope.txt")) {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> c.appendFromNode(cluster.slot(1).address(), "m", hostile))
            .isInstanceOfSatisfying(
                org.dsuite.dfs.client.HydfsException.class,
                e ->
                    assertThat(e.kind())
                        .isEqualTo(org.dsuite.dfs.client.HydfsException.Kind.BAD_REQUEST));
      }
      assertThat(new String(c.read("m"), StandardCharsets.UTF_8)).isEqualTo("base\nfrom node\n");
    } finally {
      Files.deleteIfExists(dir.getParent().resolve("outside-" + dir.getFileName()));
    }
  }

  private static Status rawCreate(HostPort hp, int declaredLength, String name) throws Exception {
    try (Socket s = new Socket(hp.host(), hp.port())) {
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(Wire.MAGIC);
      out.writeByte(Op.CREATE.code);
      if (declaredLength >= 0) {
        out.writeInt(declaredLength);
      } else {
        Wire.writeString(out, name);
        Wire.writeString(out, "client");
      }
      s.getOutputStream().write(bytes.toByteArray());
      s.getOutputStream().flush();
      return Status.of(new DataInputStream(s.getInputStream()).readUnsignedByte());
    }
  }
}
