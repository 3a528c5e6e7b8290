package org.dsuite.swim.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dsuite.common.cluster.LocalClusterFile;
import org.dsuite.common.config.Settings;
import org.dsuite.common.net.HostPort;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.udp.ControlClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code swim list_mem | list_self | join | leave | enable_sus | disable_sus | status_sus | stats
 * --node HOST:PORT}: one control request to a running member's UDP socket (see docs/swim.md,
 * "Control protocol"). The answer goes to stdout; the exit status is the member's (0 ok, 2 error),
 * or 2 if it did not answer.
 */
@Command(mixinStandardHelpOptions = true)
final class ControlCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--node",
      paramLabel = "HOST:PORT",
      description = "the member (default: the first node of the local cluster's cluster.json)")
  String node;

  @Option(
      names = "--introducer",
      paramLabel = "HOST:PORT",
      split = ",",
      description = "join only: introducers to contact (default: the member's seeds)")
  List<String> introducers = new ArrayList<>();

  @Option(names = "--timeout-ms", defaultValue = "15000", description = "wait for the answer")
  long timeoutMs;

  @Mixin CommonOptions common;

  private final PrintStream out;

  ControlCommand(PrintStream out) {
    this.out = out;
  }

  private static String localClusterNode() {
    return LocalClusterFile.find()
        .map(f -> f.firstAddress("swim"))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "give --node HOST:PORT (no local cluster found; bin/cluster start)"));
  }

  @Override
  public Integer call() {
    Settings settings = common.settings(List.of());
    SwimConfig cfg = SwimConfig.from(settings);
    settings.checkNoUnknownKeys();
    HostPort target = HostPort.parse(node != null ? node : localClusterNode());
    for (String i : introducers) {
      HostPort.parse(i); // fail here, with the value named, rather than on the member
    }
    ControlClient.Reply r = ControlClient.call(cfg, target, spec.name(), introducers, timeoutMs);
    if (r.status() == 0) {
      out.print(r.text());
      out.flush();
    } else {
      System.err.print(r.text());
    }
    return r.status();
  }
}
