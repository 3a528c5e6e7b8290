package org.dsuite.swim.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dsuite.common.config.Settings;
import org.dsuite.common.logging.LogFiles;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.core.MemberEvent;
import org.dsuite.swim.udp.MemberCommands;
import org.dsuite.swim.udp.SwimMember;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code swim start}: runs one member in the foreground, printing membership events (a suspicion
 * the moment it is raised) on stdout and into its log, and answering commands typed on stdin.
 */
@Command(
    name = "start",
    description = "Run a SWIM member until stopped (SIGTERM leaves gracefully).",
    mixinStandardHelpOptions = true)
final class StartCommand implements Callable<Integer> {
  @Option(names = "--node-id", required = true, description = "label for logs, e.g. 01")
  String nodeId;

  @Option(names = "--host", description = "address others reach this member on (swim.host)")
  String host;

  @Option(names = "--port", description = "UDP port (swim.port); 0 picks a free one")
  Integer port;

  static final class Role {
    @Option(names = "--introducer", description = "start a new group (no seeds)")
    boolean introducer;

    @Option(
        names = "--join",
        paramLabel = "HOST:PORT",
        split = ",",
        description = "introducers to join through, tried in turn (swim.seeds)")
    List<String> join;
  }

  @ArgGroup(exclusive = true)
  Role role;

  @Option(
      names = "--drop-rate",
      description = "fraction of received packets dropped (swim.drop-rate)")
  Double dropRate;

  @Option(
      names = "--meta",
      paramLabel = "KEY=VALUE",
      description = "metadata disseminated with this member, e.g. dfs=127.0.0.1:7101 (repeatable)")
  List<String> meta = new ArrayList<>();

  @Mixin CommonOptions common;

  private final PrintStream out;

  StartCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws Exception {
    List<String> flags = new ArrayList<>();
    if (host != null) {
      flags.add("swim.host=" + host);
    }
    if (port != null) {
      flags.add("swim.port=" + port);
    }
    if (dropRate != null) {
      flags.add("swim.drop-rate=" + dropRate);
    }
    if (role != null && role.introducer) {
      flags.add("swim.seeds=");
    } else if (role != null && role.join != null) {
      flags.add("swim.seeds=" + String.join(",", role.join));
    }
    Settings settings = common.settings(flags);
    SwimConfig cfg = SwimConfig.from(settings);
    settings.checkNoUnknownKeys();
    Map<String, String> metadata = new LinkedHashMap<>();
    for (String m : meta) {
      int eq = m.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--meta expects KEY=VALUE, got '" + m + "'");
      }
      metadata.put(m.substring(0, eq), m.substring(eq + 1));
    }
    LogFiles.directTo(cfg.stateDir().resolve("logs"), "swim-" + nodeId);

    SwimMember member = SwimMember.start(cfg, metadata);
    member.addEventListener(this::print);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  member.close();
                  stopped.countDown();
                },
                "swim-shutdown"));
    out.printf(
        "started %s (udp %s, suspicion %s)%n",
        member.self().id(), member.address(), member.suspicionEnabled() ? "on" : "off");
    out.flush();
    readCommands(member);
    stopped.await();
    return 0;
  }

  private void print(MemberEvent e) {
    String what =
        switch (e.kind()) {
          case JOIN -> "JOIN " + e.member().id();
          case SUSPECT ->
              "SUSPECT " + e.member().id() + " (incarnation " + e.member().incarnation() + ")";
          case ALIVE ->
              "ALIVE "
                  + e.member().id()
                  + " refuted (incarnation "
                  + e.member().incarnation()
                  + ")";
          case FAIL -> "FAILED " + e.member().id();
          case LEAVE -> "LEFT " + e.member().id();
          case SUSPICION_SWITCH -> "suspicion " + (e.suspicionEnabled() ? "on" : "off");
        };
    out.println(Instant.now() + " " + what);
    out.flush();
  }

  /** Commands typed on the console; at end of input the member keeps running until stopped. */
  private void readCommands(SwimMember member) throws Exception {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] words = line.strip().split("\\s+");
      if (words[0].isEmpty()) {
        continue;
      }
      List<String> args = List.of(words).subList(1, words.length);
      try {
        out.print(MemberCommands.run(member, words[0], args).text());
      } catch (RuntimeException e) {
        out.println("error: " + e.getMessage());
      }
      out.flush();
    }
  }
}
