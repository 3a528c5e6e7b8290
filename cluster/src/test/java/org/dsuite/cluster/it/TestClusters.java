package org.dsuite.cluster.it;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.dsuite.cluster.launcher.LocalCluster;

/** Starts the multi-process clusters of the integration tests on a free block of ports. */
public final class TestClusters {
  private TestClusters() {}

  /** {@code nodes} node daemons running {@code services}, without ZooKeeper/HDFS. */
  static LocalCluster start(Path dir, int nodes, List<String> services, String heap)
      throws IOException, InterruptedException {
    return LocalCluster.start(
        dir,
        new LocalCluster.Options(
            false,
            nodes,
            freeBlock(nodes),
            1,
            services,
            Optional.empty(),
            Optional.empty(),
            List.of("-Xmx" + heap),
            Duration.ofMinutes(2)),
        line -> {});
  }

  /** A base port whose block (ten per node, ten below for ZooKeeper/HDFS) is free now. */
  public static int freeBlock(int nodes) throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = 20_000 + 20 * ThreadLocalRandom.current().nextInt(1_500);
      if (free(base - 10, base + 10 * nodes)) {
        return base;
      }
    }
    throw new IOException("no free block of ports found");
  }

  private static boolean free(int from, int to) {
    for (int p = from; p < to; p++) {
      try (ServerSocket s = new ServerSocket(p);
          DatagramSocket d = new DatagramSocket(p)) {
        s.setReuseAddress(true);
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  /** The body of a GET, e.g. a node's /status or /metrics. */
  static String httpGet(String url) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString())
        .body();
  }

  /** The value of the first sample of {@code name} whose label set contains {@code label}. */
  static double metric(String prometheusText, String name, String label) {
    return prometheusText
        .lines()
        .filter(l -> l.startsWith(name + "{") && l.contains(label))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + name + " {" + label + "} in /metrics"));
  }
}
