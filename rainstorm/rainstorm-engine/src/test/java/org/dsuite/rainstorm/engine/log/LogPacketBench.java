package org.dsuite.rainstorm.engine.log;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a task-log commit allocates and costs by HDFS write packet size ({@code
 * rainstorm.log.write-packet-bytes}): one writer appends commits of a given size, each ended by an
 * hflush, on a one-DataNode MiniDFSCluster in this JVM; packet sizes alternate, each from a client
 * of its own. Heap bytes allocated by the whole JVM (client, DataNode) and its CPU, per commit.
 * Measures and prints; asserts nothing. Run it with
 *
 * <pre>mvn -o -B -pl rainstorm/rainstorm-engine verify -Psoak -Dtest=LogPacketBench
 * -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * and read target/log-packet-bench.md.
 */
@Tag("soak")
class LogPacketBench {
  private static final int COMMITS = 5_000;

  @Test
  void allocationPerCommitByPacketSize() throws Exception {
    java.nio.file.Path base = Files.createTempDirectory("rainstorm-packet-bench");
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toString());
    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    StringBuilder report =
        new StringBuilder(
            "| packet bytes | commit bytes | commits | heap KB/commit | JVM CPU µs/commit |\n"
                + "|---|---|---|---|---|\n");
    try {
      cluster.waitActive();
      int[] packets = {64 << 10, 16 << 10};
      FileSystem[] clients = new FileSystem[packets.length];
      for (int i = 0; i < packets.length; i++) {
        Configuration c = new Configuration(cluster.getConfiguration(0));
        c.setInt("dfs.client-write-packet-size", packets[i]);
        clients[i] = FileSystem.newInstance(cluster.getURI(), c);
      }
      for (int i = 0; i < packets.length; i++) {
        run(clients[i], packets[i], 2_000, COMMITS / 5); // warm-up, not reported
      }
      for (int round = 0; round < 3; round++) {
        for (int commit : new int[] {300, 3_000, 30_000}) {
          for (int i = 0; i < packets.length; i++) {
            report.append(run(clients[i], packets[i], commit, COMMITS));
          }
        }
      }
      for (FileSystem c : clients) {
        c.close();
      }
    } finally {
      cluster.shutdown(true);
    }
    Files.writeString(java.nio.file.Path.of("target", "log-packet-bench.md"), report.toString());
    System.out.println(report);
  }

  private static String run(FileSystem fs, int packet, int commitBytes, int commits)
      throws Exception {
    byte[] commit = new byte[commitBytes];
    Path p = new Path("/bench/p" + packet + "-c" + commitBytes + "-" + System.nanoTime());
    long alloc0 = allocated();
    long cpu0 = cpu();
    try (FSDataOutputStream o = fs.create(p, true)) {
      for (int i = 0; i < commits; i++) {
        o.write(commit);
        o.hflush();
      }
    }
    return String.format(
        Locale.ROOT,
        "| %d | %d | %d | %.1f | %.1f |%n",
        packet,
        commitBytes,
        commits,
        (allocated() - alloc0) / 1024.0 / commits,
        (cpu() - cpu0) / 1000.0 / commits);
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getTotalThreadAllocatedBytes();
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
