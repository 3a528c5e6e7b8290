package org.dsuite.cluster.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;
import org.dsuite.common.logging.LogFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/node --config FILE}: the node daemon. Validates the whole configuration before it
 * starts anything, then runs the services its config enables until SIGTERM, when it stops them
 * gracefully in reverse order (swim leaves the group last).
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Runs the suite's services on this host (see docs/config.md, docs/cluster.md).")
public final class NodeMain implements Callable<Integer> {
  @Option(names = "--config", description = "Config file (properties format).")
  Path config;

  @Option(names = "--set", description = "Override one key: --set key=value (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--print-config",
      description =
          "Validate the configuration, print every key with its value, default and source, and"
              + " exit without starting anything.")
  boolean printConfig;

  public static void main(String[] args) {
    System.exit(new CommandLine(new NodeMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Settings settings;
    NodeConfig nodeConfig;
    try {
      settings = Settings.fromCommandLine(config, overrides).build();
      nodeConfig = NodeConfig.from(settings);
      if (printConfig) {
        NodeDaemon.prepareAll(nodeConfig, settings);
        ConfigTable.print(settings.entries(), System.out);
        return 0;
      }
    } catch (ConfigException e) {
      System.err.println("node: invalid configuration: " + e.getMessage());
      return 2;
    }
    LogFiles.directTo(nodeConfig.stateDir().resolve("logs"), "node");
    return new NodeDaemon(nodeConfig, settings).runUntilStopped();
  }
}
