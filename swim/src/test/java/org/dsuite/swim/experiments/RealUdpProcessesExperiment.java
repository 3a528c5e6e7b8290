package org.dsuite.swim.experiments;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dsuite.common.net.HostPort;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.cli.SwimMain;
import org.dsuite.swim.udp.ControlClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real-UDP experiment with one process per member: 8 {@code swim start} JVMs on 127.0.0.1
 * ({@code lan()} defaults, {@code --drop-rate}), observed only through the control protocol as an
 * operator would ({@code stats}, {@code list_mem}); after the window one is SIGKILLed and the time
 * until no other lists it alive or suspect is measured.
 *
 * <pre>
 * nice mvn -o -B -pl swim verify -Psoak -Dtest=RealUdpProcessesExperiment -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@Tag("soak")
class RealUdpProcessesExperiment {
  private static final int N = 8;
  private static final long RUN_MS = Long.getLong("swim.exp.udp-ms", 30_000);

  @Test
  void bandwidthFalsePositivesAndDetectionAcrossProcesses() throws Exception {
    StringBuilder csv =
        new StringBuilder(
            "drop_rate,bytes_sent_per_member_s,msgs_sent_per_member_s,suspicions,"
                + "false_positives_seen,refutations,crash_to_all_lists_ms\n");
    for (double drop : new double[] {0, 0.05, 0.10, 0.20}) {
      Path dir = Files.createTempDirectory("swim-udp-procs");
      Map<Integer, Process> procs = new HashMap<>();
      int[] ports = new int[N];
      try {
        for (int i = 0; i < N; i++) {
          ports[i] = freeUdpPort();
        }
        for (int i = 0; i < N; i++) {
          procs.put(i, start(i, ports, drop, dir));
        }
        await("all " + N + " list " + N + " alive")
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(200))
            .ignoreExceptions()
            .until(() -> allListAlive(ports));
        Thread.sleep(RUN_MS); // the measurement window, not a poll
        double bytes = 0;
        double msgs = 0;
        long sus = 0;
        long fp = 0;
        long ref = 0;
        for (int i = 0; i < N; i++) {
          Map<String, String> s = stats(ports[i]);
          bytes += Double.parseDouble(s.get("bytes_sent_per_s"));
          msgs += Double.parseDouble(s.get("msgs_sent_per_s"));
          sus += Long.parseLong(s.get("suspicions"));
          fp += Long.parseLong(s.get("false_positives_seen"));
          ref += Long.parseLong(s.get("refutations"));
        }
        String victim = control(ports[N - 1], "list_self").text().split(" ")[0];
        Process v = procs.get(N - 1);
        v.destroyForcibly();
        long killed = System.nanoTime();
        v.waitFor();
        await("victim out of every list")
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(20))
            .ignoreExceptions()
            .until(() -> noneListsInGroup(victim, ports));
        long detectMs = (System.nanoTime() - killed) / 1_000_000;
        String line =
            String.format(
                Locale.ROOT,
                "%.2f,%.1f,%.2f,%d,%d,%d,%d%n",
                drop,
                bytes / N,
                msgs / N,
                sus,
                fp,
                ref,
                detectMs);
        csv.append(line);
        System.out.print("real UDP, " + N + " processes: " + line);
      } finally {
        for (Process p : procs.values()) {
          p.destroyForcibly();
        }
        for (Process p : procs.values()) {
          p.waitFor();
        }
      }
    }
    Files.createDirectories(Charts.IMG);
    Files.writeString(Charts.IMG.resolve("swim-real-udp-processes.csv"), csv.toString());
  }

  private static Process start(int i, int[] ports, double drop, Path dir) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SwimMain.class.getName()));
    cmd.addAll(
        List.of(
            "start",
            "--node-id",
            "0" + (i + 1),
            "--host",
            "127.0.0.1",
            "--port",
            "" + ports[i],
            "--drop-rate",
            "" + drop));
    if (i == 0) {
      cmd.add("--introducer");
    } else {
      cmd.addAll(List.of("--join", "127.0.0.1:" + ports[0]));
    }
    cmd.addAll(List.of("--set", "swim.state-dir=" + dir.resolve("node" + i)));
    File out = dir.resolve("node" + i + ".out").toFile();
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(out))
        .start();
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * A read-only control command, retried after 0.5 s without an answer (a JVM stalled by a loaded
   * machine), so one slow poll cannot delay the detection measurement by much.
   */
  private static ControlClient.Reply control(int port, String command) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 10; attempt++) {
      try {
        return ControlClient.call(
            SwimConfig.lan(), new HostPort("127.0.0.1", port), command, List.of(), 500);
      } catch (IllegalStateException lost) {
        last = lost;
      }
    }
    throw last;
  }

  /** {@code name -> value} from a member's {@code stats}. */
  private static Map<String, String> stats(int port) {
    Map<String, String> m = new HashMap<>();
    for (String line : control(port, "stats").text().split("\n")) {
      String[] f = line.split(" ");
      m.put(f[0], f[1]);
    }
    return m;
  }

  private static boolean allListAlive(int[] ports) {
    for (int p : ports) {
      long alive =
          control(p, "list_mem")
              .text()
              .lines()
              .filter(l -> l.split(" ")[1].equals("alive"))
              .count();
      if (alive != N) {
        return false;
      }
    }
    return true;
  }

  private static boolean noneListsInGroup(String id, int[] ports) {
    for (int i = 0; i < N - 1; i++) {
      for (String l : control(ports[i], "list_mem").text().split("\n")) {
        String[] f = l.split(" ");
        if (f[0].equals(id) && (f[1].equals("alive") || f[1].equals("suspect"))) {
          return false;
        }
      }
    }
    return true;
  }
}
