package org.dsuite.dfs.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.dsuite.dfs.client.ClientConfig;
import org.dsuite.dfs.client.HydfsClient;
import org.dsuite.dfs.server.DfsConfig;
import org.dsuite.dfs.testkit.LocalCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The get path alone, for profiling: {@code bench.get.n} files of {@code bench.get.mb} MB, each
 * read once (a cache miss) by a client with the default cache and once by a client without one,
 * alternating which goes first; prints the median and quartile times. The difference between the
 * two is what keeping a copy for the cache costs a miss.
 *
 * <pre>
 *   mvn -o -q -B -pl dfs test -Dtest.excludedGroups= -Dgroups=bench -Dtest=GetPathBenchmark \
 *       -Dbench.get.mb=10 -Dbench.get.n=40
 * </pre>
 */
@Tag("bench")
class GetPathBenchmark {
  @TempDir Path dir;

  @Test
  void getOfOneFileWithAndWithoutTheCache() throws Exception {
    int mb = Integer.getInteger("bench.get.mb", 10);
    int n = Integer.getInteger("bench.get.n", 40);
    DfsConfig f = LocalCluster.fastConfig();
    // The HDFS comparison's settings: 1 MiB chunks, long timeouts, no scrubber.
    DfsConfig cfg =
        new DfsConfig(
            f.host(),
            0,
            f.dataDir(),
            f.stateDir(),
            f.localDir(),
            3,
            3,
            1 << 20,
            f.maxFileBytes(),
            f.maxAppendBytes(),
            f.maxBlocksPerFile(),
            f.maxConnections(),
            f.connectTimeoutMs(),
            60_000,
            60_000,
            f.readWaitMs(),
            f.syncIntervalMs(),
            f.syncDebounceMs(),
            0);
    try (LocalCluster hydfs = new LocalCluster(dir.resolve("hydfs"), 3, cfg)) {
      hydfs.awaitRing(20_000);
      String server = hydfs.slot(0).address();
      byte[] data = new byte[mb << 20];
      new Random(1).nextBytes(data);
      Path local = dir.resolve("in");
      Files.write(local, data);
      try (HydfsClient cached = new HydfsClient(ClientConfig.of(List.of(server)));
          HydfsClient plain = new HydfsClient(ClientConfig.of(List.of(server)).withCacheBytes(0))) {
        for (int i = 0; i < n; i++) {
          cached.create("f" + i, local);
        }
        double[][] ms = new double[2][n];
        for (int i = 0; i < n; i++) {
          for (int turn = 0; turn < 2; turn++) {
            int v = (turn + i) % 2;
            Path back = dir.resolve("back" + v);
            long t0 = System.nanoTime();
            (v == 0 ? cached : plain).get("f" + i, back);
            ms[v][i] = (System.nanoTime() - t0) / 1e6;
            Files.delete(back);
          }
        }
        for (int v = 0; v < 2; v++) {
          double[] s = ms[v].clone();
          Arrays.sort(s);
          System.out.printf(
              Locale.ROOT,
              "%d MB get, %s: median %.1f ms (%.0f MB/s), quartiles %.1f / %.1f ms%n",
              mb,
              v == 0 ? "default cache (miss)" : "no cache",
              s[n / 2],
              mb * 1000 / s[n / 2],
              s[n / 4],
              s[3 * n / 4]);
        }
      }
    }
  }
}
