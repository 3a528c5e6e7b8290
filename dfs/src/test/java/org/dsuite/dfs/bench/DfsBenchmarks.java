package org.dsuite.dfs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dsuite.dfs.client.ClientConfig;
import org.dsuite.dfs.client.HydfsClient;
import org.dsuite.dfs.client.Listings;
import org.dsuite.dfs.rpc.Connection;
import org.dsuite.dfs.rpc.ConnectionPool;
import org.dsuite.dfs.rpc.Op;
import org.dsuite.dfs.rpc.Status;
import org.dsuite.dfs.rpc.Wire;
import org.dsuite.dfs.testkit.LocalCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HyDFS benchmarks of docs/benchmarks-dfs.md (not timed tests: they only report). Each writes a
 * markdown table to {@code target/bench/} and stdout. Run one with
 *
 * <pre>
 *   mvn -o -q -B -pl dfs test -Dtest.excludedGroups= -Dgroups=bench -Dtest='DfsBenchmarks#merge'
 * </pre>
 */
@Tag("bench")
class DfsBenchmarks {
  @TempDir Path dir;

  static void report(String name, String table) throws IOException {
    Path out = Path.of("target", "bench");
    Files.createDirectories(out);
    Files.writeString(out.resolve(name + ".md"), table);
    System.out.println(table);
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /**
   * Re-replication after a crash: time from the crash until the file is on three live replicas
   * again, split into swim's detection time and HyDFS's copy time, and the copy bandwidth.
   */
  @Test
  void reReplication() throws Exception {
    int[] sizesMb = {1, 10, 25, 50, 100};
    StringBuilder t = new StringBuilder();
    t.append(
        "| size | copy to a new replica (ms) | copy MB/s | first survivor detects (ms) | all survivors detect (ms) |"
            + " first detection -> 3 replicas (ms) | crash -> 3 replicas (ms) | MB/s (lower bound) |\n");
    t.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int mb : sizesMb) {
      Path root = dir.resolve("rr" + mb);
      try (LocalCluster cluster = new LocalCluster(root, 5, LocalCluster.fastConfig());
          HydfsClient c = cluster.client()) {
        cluster.awaitRing(20_000);
        String name = "rr-" + mb;
        c.create(name, random(mb << 20, mb));
        List<Listings.Replica> reps = c.ls(name).replicas();
        Listings.Replica victim = reps.get(0);
        // The copy itself: the same push re-replication uses, from a replica to a non-replica.
        String outsider = null;
        for (int i = 0; i < 5; i++) {
          String a = cluster.slot(i).address();
          if (reps.stream().noneMatch(r -> r.address().equals(a))) {
            outsider = a;
          }
        }
        long p0 = System.nanoTime();
        Status pushed = push(reps.get(1).address(), name, outsider);
        double pushMs = (System.nanoTime() - p0) / 1e6;
        if (pushed != Status.OK) {
          throw new AssertionError("push failed: " + pushed);
        }
        int v = cluster.indexOf(victim.memberId());
        long start = System.nanoTime();
        cluster.crash(v);
        int watcher = (v + 1) % 5;
        long firstDetected = 0;
        long allDetected = 0;
        long restored = 0;
        try (HydfsClient w = cluster.client(watcher)) {
          while (restored == 0) {
            int detected = 0;
            for (int i = 0; i < 5; i++) {
              if (i != v && !cluster.slot(i).node.ring().contains(victim.memberId())) {
                detected++;
              }
            }
            long now = System.nanoTime();
            if (detected > 0 && firstDetected == 0) {
              firstDetected = now;
            }
            if (detected == 4 && allDetected == 0) {
              allDetected = now;
            }
            if (allDetected != 0
                && w.ls(name).replicas().stream()
                        .filter(r -> r.status().startsWith("holds"))
                        .count()
                    == 3) {
              restored = System.nanoTime();
            }
            Thread.sleep(1);
          }
        }
        double copyMs = (restored - firstDetected) / 1e6;
        t.append(
            String.format(
                Locale.ROOT,
                "| %d MB | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f |%n",
                mb,
                pushMs,
                mb / (pushMs / 1000),
                (firstDetected - start) / 1e6,
                (allDetected - start) / 1e6,
                copyMs,
                (restored - start) / 1e6,
                mb / (copyMs / 1000)));
      }
    }
    report("re-replication", t.toString());
  }

  /** One R_PUSH: {@code holder} copies {@code name} to {@code target} (what the syncer does). */
  static Status push(String holder, String name, String target) throws IOException {
    ConnectionPool pool = new ConnectionPool(2_000, 120_000, 1_000, 1, System::currentTimeMillis);
    try (pool) {
      Connection c = pool.get(holder);
      try (c) {
        c.begin(Op.R_PUSH);
        Wire.writeString(c.out, name);
        Wire.writeString(c.out, target);
        return c.reply().status();
      }
    }
  }

  /** Merge time after 1,000 concurrent appends from 1, 2, 5 and 10 clients. */
  @Test
  void merge() throws Exception {
    int[] clientCounts = {1, 2, 5, 10};
    int[] appendBytes = {4 << 10, 40 << 10};
    StringBuilder t = new StringBuilder();
    t.append("| append size | clients | appending 1,000 (ms) | merge (ms) |\n");
    t.append("|---:|---:|---:|---:|\n");
    try (LocalCluster cluster =
        new LocalCluster(dir.resolve("merge"), 5, LocalCluster.fastConfig())) {
      cluster.awaitRing(20_000);
      for (int size : appendBytes) {
        for (int clients : clientCounts) {
          String name = "merge-" + size + "-" + clients;
          try (HydfsClient c = cluster.client()) {
            c.create(name, new byte[0]);
          }
          byte[] data = random(size, size);
          long start = System.nanoTime();
          ExecutorService pool = Executors.newFixedThreadPool(clients);
          List<Future<?>> done = new ArrayList<>();
          for (int k = 0; k < clients; k++) {
            int per = 1000 / clients + (k < 1000 % clients ? 1 : 0);
            int server = k % 5;
            done.add(
                pool.submit(
                    () -> {
                      try (HydfsClient c = cluster.client(server)) {
                        for (int i = 0; i < per; i++) {
                          c.append(name, data);
                        }
                      }
                      return null;
                    }));
          }
          for (Future<?> f : done) {
            f.get();
          }
          pool.shutdown();
          long appended = System.nanoTime();
          try (HydfsClient c = cluster.client()) {
            long m0 = System.nanoTime();
            c.merge(name);
            long m1 = System.nanoTime();
            t.append(
                String.format(
                    Locale.ROOT,
                    "| %d KB | %d | %.0f | %.1f |%n",
                    size >> 10,
                    clients,
                    (appended - start) / 1e6,
                    (m1 - m0) / 1e6));
          }
        }
      }
    }
    report("merge", t.toString());
  }

  /**
   * Client cache: 10,000 files of 4 KB, 20,000 reads, uniform vs Zipfian (s = 1), cache at 0, 10,
   * 20, 50 and 100% of the data; again with 10% of operations being appends.
   */
  @Test
  void cache() throws Exception {
    int files = Integer.getInteger("bench.cache.files", 10_000);
    int reads = Integer.getInteger("bench.cache.reads", 20_000);
    int fileBytes = 4096;
    StringBuilder t = new StringBuilder();
    t.append("| workload | cache % | hit rate | ops/s | mean latency (us) |\n");
    t.append("|---|---:|---:|---:|---:|\n");
    try (LocalCluster cluster =
        new LocalCluster(dir.resolve("cache"), 5, LocalCluster.fastConfig())) {
      cluster.awaitRing(20_000);
      byte[] data = random(fileBytes, 9);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> done = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        int part = k;
        done.add(
            pool.submit(
                () -> {
                  try (HydfsClient c = cluster.client(part)) {
                    for (int i = part; i < files; i += 4) {
                      c.create("f" + i, data);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      long total = (long) files * fileBytes;
      double[] zipf = zipfCdf(files, 1.0);
      for (int appendPct : new int[] {0, 10}) {
        for (String dist : new String[] {"uniform", "zipf"}) {
          for (int pct : new int[] {0, 10, 20, 50, 100}) {
            // entries carry a little overhead beyond the bytes: give 100% a small margin
            long cacheBytes = pct == 100 ? total + total / 50 : total * pct / 100;
            ClientConfig cfg =
                ClientConfig.of(List.of(cluster.slot(0).address())).withCacheBytes(cacheBytes);
            Random rnd = new Random(42);
            try (HydfsClient c = new HydfsClient(cfg)) {
              long t0 = System.nanoTime();
              for (int i = 0; i < reads; i++) {
                int f = dist.equals("uniform") ? rnd.nextInt(files) : sample(zipf, rnd);
                if (appendPct > 0 && rnd.nextInt(100) < appendPct) {
                  c.append("f" + f, new byte[] {1});
                } else {
                  c.read("f" + f);
                }
              }
              long t1 = System.nanoTime();
              double secs = (t1 - t0) / 1e9;
              long hits = c.cache().hits();
              long lookups = hits + c.cache().misses();
              t.append(
                  String.format(
                      Locale.ROOT,
                      "| %s%s | %d | %.1f%% | %.0f | %.0f |%n",
                      dist,
                      appendPct > 0 ? " + 10% appends" : "",
                      pct,
                      lookups == 0 ? 0.0 : 100.0 * hits / lookups,
                      reads / secs,
                      secs * 1e6 / reads));
            }
          }
        }
      }
    }
    report("cache", t.toString());
  }

  static double[] zipfCdf(int n, double s) {
    double[] cdf = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1 / Math.pow(i + 1, s);
      cdf[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cdf[i] /= sum;
    }
    return cdf;
  }

  static int sample(double[] cdf, Random rnd) {
    double u = rnd.nextDouble();
    int lo = 0;
    int hi = cdf.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
