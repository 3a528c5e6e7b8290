package org.dsuite.dfs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dsuite.common.cluster.LocalClusterFile;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;
import org.dsuite.common.logging.LogFiles;
import org.dsuite.common.net.HostPort;
import org.dsuite.dfs.client.ClientConfig;
import org.dsuite.dfs.client.HydfsClient;
import org.dsuite.dfs.client.HydfsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hydfs}: the MP3 commands (in {@link TransferCommands}, {@link ListingCommands}, {@link
 * ManageCommands} and {@link MultiAppendCommand}); this class holds the options every command takes
 * and maps failures to exit codes. Output for the user goes to stdout, errors to stderr; exit 0 on
 * success, 1 when the file (or replica copy) does not exist, 2 on any other error.
 */
@Command(
    name = "hydfs",
    mixinStandardHelpOptions = true,
    description = "HyDFS client: the MP3 file commands.",
    subcommands = {
      TransferCommands.Create.class,
      TransferCommands.Get.class,
      TransferCommands.Append.class,
      ManageCommands.Merge.class,
      ListingCommands.Ls.class,
      ListingCommands.Store.class,
      TransferCommands.GetFromReplica.class,
      ListingCommands.ListMemIds.class,
      MultiAppendCommand.MultiAppend.class,
      TransferCommands.Cat.class,
      ManageCommands.Rm.class
    })
public final class HydfsMain {
  static final int OK = 0;
  static final int NOT_FOUND = 1;
  static final int ERROR = 2;

  /** Transfers larger than this show a progress bar (on stderr). */
  static final long PROGRESS_BYTES = 10L << 20;

  public static void main(String[] args) {
    if (System.getProperty(LogFiles.DIR_PROPERTY) == null) {
      LogFiles.directTo(Path.of("state", "logs"), "hydfs");
    }
    System.exit(run(args));
  }

  static int run(String... args) {
    CommandLine cl = new CommandLine(new HydfsMain());
    cl.setExecutionExceptionHandler(
        (e, cmd, parse) -> {
          cmd.getErr().println("hydfs: " + e.getMessage());
          return ERROR;
        });
    cl.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine().getErr().println("hydfs: " + e.getMessage());
          return ERROR;
        });
    return cl.execute(args);
  }

  // Options every command takes, before or after the verb.
  @Option(
      names = "--node",
      scope = CommandLine.ScopeType.INHERIT,
      description =
          "server to talk to, host:port (default: dfs.client.servers if set, else every node of"
              + " the local cluster's cluster.json)")
  String node;

  @Option(
      names = "--config",
      scope = CommandLine.ScopeType.INHERIT,
      description = "properties file with dfs.client.* keys")
  Path config;

  @Option(
      names = "--set",
      scope = CommandLine.ScopeType.INHERIT,
      description = "override one key, e.g. --set dfs.client.cache-bytes=0")
  List<String> sets = new ArrayList<>();

  @Spec CommandLine.Model.CommandSpec spec;

  ClientConfig clientConfig() {
    Settings.Builder b = Settings.fromCommandLine(config, sets);
    Settings settings = b.build();
    ClientConfig c = ClientConfig.from(settings);
    settings.checkNoUnknownKeys();
    if (node != null) {
      HostPort.parse(node);
      c = c.withServers(List.of(node));
    } else if (!settings.isSet("dfs.client.servers")) {
      List<String> local = LocalClusterFile.find().map(f -> f.addresses("dfs")).orElse(List.of());
      if (!local.isEmpty()) {
        c = c.withServers(local);
      }
    }
    return c;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Runs an action with a client, mapping failures to exit codes. */
  int with(ClientAction action) {
    ClientConfig cfg;
    try {
      cfg = clientConfig();
    } catch (ConfigException | IllegalArgumentException e) {
      err().println("hydfs: " + e.getMessage());
      return ERROR;
    }
    try (HydfsClient client = new HydfsClient(cfg)) {
      return action.run(client);
    } catch (HydfsException e) {
      err().println("hydfs: " + e.getMessage());
      return e.kind() == HydfsException.Kind.NOT_FOUND ? NOT_FOUND : ERROR;
    } catch (IOException | IllegalArgumentException e) {
      err().println("hydfs: " + e.getMessage());
      return ERROR;
    }
  }

  @FunctionalInterface
  interface ClientAction {
    int run(HydfsClient client) throws IOException;
  }

  static Path readable(Path local) throws IOException {
    if (!Files.isRegularFile(local)) {
      throw new IOException("no such local file: " + local);
    }
    return local;
  }
}
