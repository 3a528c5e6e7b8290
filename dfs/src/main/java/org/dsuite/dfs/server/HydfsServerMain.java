package org.dsuite.dfs.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;
import org.dsuite.common.logging.LogFiles;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.udp.SwimMember;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A standalone HyDFS server: a swim member announcing this server's RPC address under metadata key
 * {@code dfs}, and the HyDFS node following that membership. Runs until killed; SIGTERM leaves the
 * group first.
 */
@Command(
    name = "hydfs-server",
    mixinStandardHelpOptions = true,
    description = "Runs one HyDFS server (with its embedded swim member).")
public final class HydfsServerMain implements Callable<Integer> {
  @Option(names = "--config", description = "properties file with dfs.* and swim.* keys")
  Path config;

  @Option(names = "--set", description = "override one key, e.g. --set dfs.rpc-port=7102")
  List<String> sets = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new HydfsServerMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Settings settings;
    DfsConfig dfs;
    SwimConfig swim;
    try {
      Settings.Builder b = Settings.fromCommandLine(config, sets);
      settings = b.build();
      dfs = DfsConfig.from(settings);
      swim = SwimConfig.from(settings);
      settings.checkNoUnknownKeys();
    } catch (ConfigException e) {
      System.err.println("hydfs-server: " + e.getMessage());
      return 2;
    }
    LogFiles.directTo(dfs.stateDir().resolve("logs"), "hydfs-server");
    HydfsNode node = HydfsNode.open(dfs);
    SwimMember member;
    try {
      member = SwimMember.start(swim, Map.of(RingView.METADATA_KEY, node.address()));
    } catch (RuntimeException e) {
      node.close();
      System.err.println("hydfs-server: cannot start swim: " + e.getMessage());
      return 2;
    }
    node.join(member);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  member.close();
                  node.close();
                  stopped.countDown();
                }));
    System.out.println(
        "hydfs-server "
            + node.selfId()
            + " serving HyDFS on "
            + node.address()
            + " (swim "
            + member.address()
            + ")");
    System.out.flush();
    stopped.await();
    return 0;
  }
}
