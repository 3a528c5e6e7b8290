package org.dsuite.dfs.bench.hdfs;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.dsuite.dfs.client.HydfsClient;
import org.dsuite.dfs.server.DfsConfig;
import org.dsuite.dfs.testkit.LocalCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Put and get throughput of HyDFS (3 servers, 3 replicas) against HDFS (MiniDFSCluster, 3
 * DataNodes, replication 3), both in this JVM on the same disk, in the same run. Needs the {@code
 * bench-hdfs} profile (it adds the Hadoop test dependencies):
 *
 * <pre>
 *   mvn -o -q -B -pl dfs test -Pbench-hdfs -Dtest.excludedGroups= -Dgroups=bench \
 *       -Dtest=HdfsComparisonBenchmark -Dbench.sizes.mb=1,10,100,1024
 * </pre>
 */
@Tag("bench")
class HdfsComparisonBenchmark {
  @TempDir Path dir;

  @Test
  void putAndGetThroughput() throws Exception {
    String[] sizes = System.getProperty("bench.sizes.mb", "1,10,100,1024").split(",");
    StringBuilder t = new StringBuilder();
    t.append("| size | HyDFS put MB/s | HDFS put MB/s | HyDFS get MB/s | HDFS get MB/s |\n");
    t.append("|---:|---:|---:|---:|---:|\n");
    Configuration conf = new Configuration();
    conf.setInt("dfs.replication", 3);
    MiniDFSCluster hdfs =
        new MiniDFSCluster.Builder(conf, dir.resolve("hdfs").toFile()).numDataNodes(3).build();
    DfsConfig base = LocalCluster.fastConfig();
    DfsConfig cfg =
        new DfsConfig(
            base.host(),
            0,
            base.dataDir(),
            base.stateDir(),
            base.localDir(),
            3,
            3,
            1 << 20,
            base.maxFileBytes(),
            base.maxAppendBytes(),
            base.maxBlocksPerFile(),
            base.maxConnections(),
            base.connectTimeoutMs(),
            60_000,
            60_000,
            base.readWaitMs(),
            base.syncIntervalMs(),
            base.syncDebounceMs(),
            0);
    try (LocalCluster hydfs = new LocalCluster(dir.resolve("hydfs"), 3, cfg);
        HydfsClient c = hydfs.client(0)) {
      hydfs.awaitRing(20_000);
      hdfs.waitActive();
      FileSystem fs = hdfs.getFileSystem();
      int repeats = Integer.getInteger("bench.repeats", 3);
      for (String s : sizes) {
        int mb = Integer.parseInt(s.trim());
        Path local = dir.resolve("in-" + mb);
        writeRandom(local, (long) mb << 20);
        // On a shared, loaded machine one run says little: each size is measured `repeats`
        // times (1 GB once), alternating which system goes first, and the median is reported.
        int runs = mb >= 1024 ? 1 : repeats;
        double[][] mbps = new double[4][runs];
        for (int run = 0; run < runs; run++) {
          boolean hydfsFirst = run % 2 == 0;
          for (int turn = 0; turn < 2; turn++) {
            boolean ours = (turn == 0) == hydfsFirst;
            String name = "tp-" + mb + "-" + run;
            double[] putGet = ours ? hydfsPutGet(c, local, name) : hdfsPutGet(fs, local, name, dir);
            mbps[ours ? 0 : 1][run] = mb / putGet[0];
            mbps[ours ? 2 : 3][run] = mb / putGet[1];
          }
        }
        t.append(
            String.format(
                Locale.ROOT,
                "| %d MB | %.0f | %.0f | %.0f | %.0f |%n",
                mb,
                median(mbps[0]),
                median(mbps[1]),
                median(mbps[2]),
                median(mbps[3])));
        Files.delete(local);
      }
    } finally {
      hdfs.shutdown();
    }
    Path out = Path.of("target", "bench");
    Files.createDirectories(out);
    Files.writeString(out.resolve("hdfs-comparison.md"), t.toString());
    System.out.println(t);
  }

  /** Seconds to put {@code local} into HyDFS and to get it back (content checked by size). */
  static double[] hydfsPutGet(HydfsClient c, Path local, String name) throws Exception {
    long t0 = System.nanoTime();
    c.create(name, local);
    long t1 = System.nanoTime();
    Path back = local.resolveSibling("back-" + name);
    c.get(name, back);
    long t2 = System.nanoTime();
    sameSize(local, back);
    c.delete(name);
    return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9};
  }

  static double[] hdfsPutGet(FileSystem fs, Path local, String name, Path dir) throws Exception {
    org.apache.hadoop.fs.Path remote = new org.apache.hadoop.fs.Path("/" + name);
    long t0 = System.nanoTime();
    try (InputStream in = Files.newInputStream(local);
        OutputStream out = fs.create(remote)) {
      in.transferTo(out);
    }
    long t1 = System.nanoTime();
    Path back = dir.resolve("hback-" + name);
    try (InputStream in = fs.open(remote);
        OutputStream out = Files.newOutputStream(back)) {
      in.transferTo(out);
    }
    long t2 = System.nanoTime();
    sameSize(local, back);
    fs.delete(remote, false);
    return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9};
  }

  static void sameSize(Path local, Path back) throws Exception {
    if (Files.size(back) != Files.size(local)) {
      throw new AssertionError("size mismatch for " + back);
    }
    Files.delete(back);
  }

  static double median(double[] xs) {
    double[] s = xs.clone();
    java.util.Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  static void writeRandom(Path p, long bytes) throws Exception {
    Random rnd = new Random(bytes);
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(p)) {
      for (long done = 0; done < bytes; done += buf.length) {
        rnd.nextBytes(buf);
        out.write(buf, 0, (int) Math.min(buf.length, bytes - done));
      }
    }
  }
}
