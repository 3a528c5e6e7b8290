package org.dsuite.grep.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dsuite.common.net.HostPort;
import org.dsuite.grep.client.Dgrep;
import org.dsuite.grep.client.DgrepConfig;
import org.dsuite.grep.gen.LogGenerator;
import org.dsuite.grep.testkit.GnuGrep;
import org.dsuite.grep.testkit.HangingServer;
import org.dsuite.grep.testkit.ParsedGrep;
import org.dsuite.grep.testkit.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Four grep servers as separate JVMs on 127.0.0.1, each over its own generated log; the client's
 * output must be, host by host, GNU grep's output on that host's file with {@code host:} in front.
 */
class DistributedGrepTest {
  static final DgrepConfig CLIENT =
      new DgrepConfig(Duration.ofSeconds(2), Duration.ofSeconds(30), 16 << 20);

  @TempDir static Path dir;
  static final List<ServerProcess> servers = new ArrayList<>();
  static final List<Path> hostDirs = new ArrayList<>();

  @BeforeAll
  static void startServers() throws IOException {
    for (int i = 1; i <= 4; i++) {
      Path logs = Files.createDirectories(dir.resolve("host" + i).resolve("logs"));
      try (OutputStream os = Files.newOutputStream(logs.resolve("machine." + i + ".log"))) {
        new LogGenerator(100 + i).write(os, (1 + i % 2) << 20);
      }
      hostDirs.add(logs);
    }
    for (Path logs : hostDirs) {
      servers.add(ServerProcess.start(dir, logs.toAbsolutePath() + "/*.log"));
    }
  }

  @AfterAll
  static void stopServers() throws InterruptedException {
    for (ServerProcess s : servers) {
      s.kill();
    }
  }

  static List<HostPort> hosts() {
    return servers.stream().map(ServerProcess::address).toList();
  }

  /** What GNU grep prints on one host's file, each line prefixed like dgrep does. */
  static List<String> expected(int host, List<String> args) throws Exception {
    List<String> full = new ArrayList<>(args);
    full.add("-H");
    full.add("machine." + (host + 1) + ".log");
    GnuGrep.Result r = GnuGrep.run(hostDirs.get(host), full);
    List<String> out = new ArrayList<>();
    String prefix = hosts().get(host) + ":";
    for (String line : lines(r.stdout())) {
      out.add(prefix + line);
    }
    return out;
  }

  static List<String> lines(byte[] bytes) {
    String s = new String(bytes, StandardCharsets.ISO_8859_1);
    if (s.isEmpty()) {
      return List.of();
    }
    return List.of(s.split("\n", -1)).subList(0, s.split("\n", -1).length - 1);
  }

  /** Lines of the client's output grouped by host prefix, in arrival order. */
  static Map<String, List<String>> byHost(List<String> lines, List<HostPort> hosts) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (HostPort h : hosts) {
      m.put(h.toString(), new ArrayList<>());
    }
    m.put("other", new ArrayList<>());
    for (String l : lines) {
      String key = "other";
      for (HostPort h : hosts) {
        if (l.startsWith(h + ":")) {
          key = h.toString();
        }
      }
      m.get(key).add(l);
    }
    return m;
  }

  record Run(int status, List<String> stdout, String stderr) {}

  static Run dgrep(List<String> args, List<HostPort> hosts, OutputStream tap) throws Exception {
    return dgrepWith(CLIENT, args, hosts, tap);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "-n OutOfMemoryError",
        "threshold exceeded",
        "-E status=50[0-9]",
        "-c GET",
        "-n -C 1 OutOfMemoryError",
        "-i -c outofmemoryerror",
        "-l DELETE",
        "-c xyzzy",
        "-v -c -e INFO -e DEBUG"
      })
  void outputIsTheUnionOfGnuGrepOnEachHost(String spec) throws Exception {
    List<String> args = splitSpec(spec);
    Run run = dgrep(args, hosts(), null);
    Map<String, List<String>> got = byHost(run.stdout(), hosts());
    long total = 0;
    for (int i = 0; i < 4; i++) {
      List<String> exp = expected(i, args);
      assertThat(got.get(hosts().get(i).toString())).as("host " + i).isEqualTo(exp);
      if (args.contains("-c")) {
        total += Long.parseLong(exp.get(0).substring(exp.get(0).lastIndexOf(':') + 1));
      }
    }
    if (args.contains("-c")) {
      assertThat(got.get("other")).containsExactly("total:" + total);
      assertThat(run.status()).isEqualTo(total > 0 ? 0 : 1);
    } else {
      assertThat(got.get("other")).isEmpty();
      assertThat(run.status()).isEqualTo(run.stdout().isEmpty() ? 1 : 0);
    }
    assertThat(run.stderr()).startsWith("dgrep: 4 of 4 hosts answered");
  }

  static List<String> splitSpec(String spec) {
    if (spec.equals("threshold exceeded")) {
      return List.of(spec);
    }
    return List.of(spec.split(" "));
  }

  @Test
  void killedAndHangingHostsAreReportedAndTheOthersAnswerExactly() throws Exception {
    Path big = Files.createDirectories(dir.resolve("big"));
    try (OutputStream os = Files.newOutputStream(big.resolve("machine.9.log"))) {
      new LogGenerator(9).write(os, 24 << 20);
    }
    try (ServerProcess victim = ServerProcess.start(dir, big.toAbsolutePath() + "/*.log");
        HangingServer hanging = new HangingServer()) {
      List<HostPort> all = new ArrayList<>(hosts());
      all.add(victim.address());
      all.add(hanging.address());
      byte[] victimPrefix = (victim.address() + ":").getBytes(StandardCharsets.ISO_8859_1);
      // Kill the victim from inside the client's output path, once its first batch has been
      // printed: it is then certainly mid-stream (its 24 MB scan of frequent matches is far
      // from done, and it is blocked writing to us).
      OutputStream killer =
          new OutputStream() {
            boolean killed;

            @Override
            public void write(int b) {}

            @Override
            public void write(byte[] b, int off, int len) {
              if (!killed && startsWith(b, off, len, victimPrefix)) {
                killed = true;
                try {
                  victim.kill();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            }
          };
      DgrepConfig shortRead =
          new DgrepConfig(Duration.ofSeconds(2), Duration.ofMillis(1500), 16 << 20);
      long t0 = System.nanoTime();
      Run run = dgrepWith(shortRead, List.of("-n", "GET"), all, killer);
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

      assertThat(victim.isAlive()).isFalse();
      Map<String, List<String>> got = byHost(run.stdout(), all);
      for (int i = 0; i < 4; i++) {
        assertThat(got.get(hosts().get(i).toString()))
            .as("host " + i)
            .isEqualTo(expected(i, List.of("-n", "GET")));
      }
      assertThat(got.get(victim.address().toString())).isNotEmpty();
      assertThat(got.get(hanging.address().toString())).isEmpty();
      assertThat(run.status()).isZero();
      assertThat(run.stderr())
          .startsWith("dgrep: 4 of 6 hosts answered")
          .contains("timed out: " + hanging.address())
          .contains("failed: " + victim.address());
      assertThat(elapsedMs).as("bounded by the read timeout, not hung").isLessThan(60_000);
    }
  }

  /** Runs the client library as dgrep would; {@code tap}, if any, sees stdout as it is written. */
  static Run dgrepWith(DgrepConfig cfg, List<String> args, List<HostPort> hosts, OutputStream tap)
      throws Exception {
    ParsedGrep.Parsed p = ParsedGrep.parse(args);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    OutputStream sink =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            if (tap != null) {
              tap.write(b, off, len);
            }
          }
        };
    String glob = p.files().isEmpty() ? "machine.*.log" : p.files().get(0);
    int status =
        new Dgrep(cfg)
            .run(
                p.request(), glob, hosts, sink, new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, lines(out.toByteArray()), err.toString(StandardCharsets.UTF_8));
  }

  static boolean startsWith(byte[] b, int off, int len, byte[] prefix) {
    if (len < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[off + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  @Test
  void manyConcurrentQueriesAllGetExactResults() throws Exception {
    List<List<String>> queries = List.of(List.of("-n", "OutOfMemoryError"), List.of("-c", "GET"));
    List<java.util.concurrent.Future<Run>> runs = new ArrayList<>();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      for (int i = 0; i < 8; i++) {
        List<String> q = queries.get(i % 2);
        runs.add(pool.submit(() -> dgrep(q, hosts(), null)));
      }
      for (int i = 0; i < 8; i++) {
        Map<String, List<String>> got = byHost(runs.get(i).get().stdout(), hosts());
        for (int h = 0; h < 4; h++) {
          assertThat(got.get(hosts().get(h).toString())).isEqualTo(expected(h, queries.get(i % 2)));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void unreachableHostIsReportedAndNoHostAnsweringIsAnError() throws Exception {
    HostPort dead = new HostPort("127.0.0.1", 1);
    Run one = dgrep(List.of("-c", "GET"), List.of(hosts().get(0), dead), null);
    assertThat(one.status()).isZero();
    assertThat(one.stderr()).contains("unreachable: " + dead);
    Run none = dgrep(List.of("-c", "GET"), List.of(dead), null);
    assertThat(none.status()).isEqualTo(2);
  }
}
