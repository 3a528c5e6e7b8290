package org.dsuite.dfs.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * HyDFS servers as separate JVMs ({@code HydfsServerMain}) on 127.0.0.1, each with its own data
 * directory, local directory and real swim member. Every process started is stopped by {@link
 * #close()}, which the test calls from {@code @AfterEach}.
 */
final class ProcessCluster implements AutoCloseable {
  static final class Server {
    final int index;
    final int rpcPort;
    final int swimPort;
    final Path home;
    Process process;

    Server(int index, int rpcPort, int swimPort, Path home) {
      this.index = index;
      this.rpcPort = rpcPort;
      this.swimPort = swimPort;
      this.home = home;
    }

    String address() {
      return "127.0.0.1:" + rpcPort;
    }

    Path localDir() {
      return home.resolve("local");
    }
  }

  private final Path root;
  private final List<Server> servers = new ArrayList<>();
  private final List<String> extraSettings;

  ProcessCluster(Path root, int n) throws IOException {
    this(root, n, List.of());
  }

  /** {@code extraSettings} ({@code key=value}) are passed to every server after the defaults. */
  ProcessCluster(Path root, int n, List<String> extraSettings) throws IOException {
    this.root = root;
    this.extraSettings = List.copyOf(extraSettings);
    for (int i = 0; i < n; i++) {
      Path home = root.resolve("server" + i);
      Files.createDirectories(home.resolve("local"));
      servers.add(new Server(i, freeTcpPort(), freeUdpPort(), home));
    }
  }

  Server server(int i) {
    return servers.get(i);
  }

  List<Server> servers() {
    return servers;
  }

  void start(int i) throws IOException {
    Server s = servers.get(i);
    // Every other server is a seed, so a restarted server joins whichever ones are up.
    List<String> seedList = new ArrayList<>();
    for (Server o : servers) {
      if (o != s) {
        seedList.add("127.0.0.1:" + o.swimPort);
      }
    }
    String seed = String.join(",", seedList);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                // Test servers live seconds: C1 only and the serial collector start faster and
                // leave the machine's two cores to the test.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "org.dsuite.dfs.server.HydfsServerMain"));
    for (String kv :
        List.of(
            "dfs.rpc-port=" + s.rpcPort,
            "dfs.data-dir=" + s.home.resolve("data"),
            "dfs.state-dir=" + s.home.resolve("state"),
            "dfs.local-dir=" + s.localDir(),
            "dfs.sync-interval-ms=1000",
            "dfs.sync-debounce-ms=50",
            "dfs.write-deadline-ms=20000",
            "swim.host=127.0.0.1",
            "swim.port=" + s.swimPort,
            "swim.seeds=" + seed,
            "swim.probe-interval-ms=200",
            "swim.probe-timeout-ms=100",
            "swim.sync-interval-ms=1000",
            "swim.join-timeout-ms=1000",
            "swim.leave-wait-ms=300",
            "swim.forget-after-ms=10000")) {
      cmd.add("--set");
      cmd.add(kv);
    }
    for (String kv : extraSettings) {
      cmd.add("--set");
      cmd.add(kv);
    }
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.redirectError(s.home.resolve("stderr.txt").toFile());
    s.process = pb.start();
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    Process p = s.process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  if (line.contains("serving HyDFS")) {
                    ready.complete(true);
                  }
                }
              } catch (IOException ignored) {
                // process ended
              }
              ready.complete(false);
            });
    reader.setDaemon(true);
    reader.start();
    try {
      if (!ready.get(60, TimeUnit.SECONDS)) {
        throw new IOException(
            "server " + i + " exited: " + Files.readString(s.home.resolve("stderr.txt")));
      }
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("server " + i + " did not start", e);
    }
  }

  /**
   * Starts the given servers at the same time and waits until each serves. If none is running yet,
   * the first starts alone: servers started together with no live seed could form separate groups.
   */
  void startAll(List<Integer> indexes) throws IOException {
    List<Integer> rest = new ArrayList<>(indexes);
    boolean anyRunning = false;
    for (int i = 0; i < servers.size(); i++) {
      anyRunning |= running(i);
    }
    if (!anyRunning && !rest.isEmpty()) {
      start(rest.remove(0));
    }
    List<CompletableFuture<Void>> started = new ArrayList<>();
    for (int i : rest) {
      started.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  start(i);
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }));
    }
    try {
      CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).join();
    } catch (java.util.concurrent.CompletionException e) {
      throw new IOException("a server did not start", e.getCause());
    }
  }

  boolean running(int i) {
    Process p = servers.get(i).process;
    return p != null && p.isAlive();
  }

  /** SIGKILL. */
  void kill(int i) throws InterruptedException {
    Server s = servers.get(i);
    if (s.process != null) {
      s.process.destroyForcibly();
      s.process.waitFor(30, TimeUnit.SECONDS);
      s.process = null;
    }
  }

  /** Runs the CLI in its own JVM; returns exit code and output. */
  Result cli(String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Ddsuite.log.dir=" + root.resolve("cli-logs"),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "org.dsuite.dfs.cli.HydfsMain"));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(root, "cli", ".out");
    Path err = Files.createTempFile(root, "cli", ".err");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        throw new IOException("CLI did not finish: " + cmd);
      }
    } finally {
      p.destroyForcibly();
      p.waitFor();
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  record Result(int exit, String out, String err) {}

  @Override
  public void close() {
    for (Server s : servers) {
      if (s.process != null) {
        s.process.destroyForcibly();
        try {
          s.process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  static int freeTcpPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0)) {
      return s.getLocalPort();
    }
  }
}
