package org.dsuite.dfs.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;
import org.dsuite.common.logging.LogFiles;
import org.dsuite.common.net.HostPort;
import org.dsuite.dfs.client.ClientConfig;
import org.dsuite.dfs.client.HydfsClient;
import org.dsuite.dfs.client.HydfsException;
import org.dsuite.dfs.client.Listings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code hydfs}: the MP3 commands. Output for the user goes to stdout, errors to stderr; exit 0 on
 * success, 1 when the file (or replica copy) does not exist, 2 on any other error.
 */
@Command(
    name = "hydfs",
    mixinStandardHelpOptions = true,
    description = "HyDFS client: the MP3 file commands.",
    subcommands = {
      HydfsMain.Create.class,
      HydfsMain.Get.class,
      HydfsMain.Append.class,
      HydfsMain.Merge.class,
      HydfsMain.Ls.class,
      HydfsMain.Store.class,
      HydfsMain.GetFromReplica.class,
      HydfsMain.ListMemIds.class,
      HydfsMain.MultiAppend.class,
      HydfsMain.Cat.class,
      HydfsMain.Rm.class
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
      description = "server to talk to, host:port (default: dfs.client.servers)")
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

  @Command(name = "create", description = "Create NAME from LOCAL (fails if NAME exists).")
  static final class Create implements Callable<Integer> {
    @ParentCommand HydfsMain common;

    @Parameters(index = "0", paramLabel = "LOCAL")
    Path local;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return common.with(
          c -> {
            long size = Files.size(readable(local));
            try (Progress p = Progress.start("create " + name, size)) {
              c.create(name, HydfsClient.Source.of(local), p);
            }
            common.out().println("created " + name + " (" + size + " bytes)");
            return OK;
          });
    }
  }

  @Command(name = "append", description = "Append LOCAL to NAME.")
  static final class Append implements Callable<Integer> {
    @ParentCommand HydfsMain common;

    @Parameters(index = "0", paramLabel = "LOCAL")
    Path local;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return common.with(
          c -> {
            long size = Files.size(readable(local));
            try (Progress p = Progress.start("append " + name, size)) {
              c.append(name, HydfsClient.Source.of(local), p);
            }
            common.out().println("appended " + size + " bytes to " + name);
            return OK;
          });
    }
  }

  @Command(name = "get", description = "Copy NAME to LOCAL.")
  static final class Get implements Callable<Integer> {
    @ParentCommand HydfsMain common;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "LOCAL")
    Path local;

    @Override
    public Integer call() {
      return common.with(
          c -> {
            long n;
            try (Progress p = Progress.lazy("get " + name)) {
              n = c.get(name, local, p);
            }
            common.out().println("got " + name + " (" + n + " bytes) into " + local);
            return OK;
          });
    }
  }

  @Command(name = "cat", description = "Print NAME to stdout.")
  static final class Cat implements Callable<Integer> {
    @ParentCommand HydfsMain common;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return common.with(
          c -> {
            byte[] data = c.read(name);
            common.out().flush();
            System.out.write(data);
            System.out.flush();
            return OK;
          });
    }
  }

  @Command(name = "getfromreplica", description = "Copy NODE's own copy of NAME to LOCAL.")
  static final class GetFromReplica implements Callable<Integer> {
    @ParentCommand HydfsMain common;

    @Parameters(index = "0", paramLabel = "NODE", description = "host:port of the replica")
    String node;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Parameters(index = "2", paramLabel = "LOCAL")
    Path local;

    @Override
    public Integer call() {
      return common.with(
          c -> {
            HostPort.parse(node);
            long n = c.getFromReplica(node, name, local);
            common
                .out()
                .println("got " + name + " from " + node + " (" + n + " bytes) into " + local);
            return OK;
          });
    }
  }

  @Command(name = "merge", description = "Make all replicas of NAME byte-identical.")
  static final class Merge implements Callable<Integer> {
    @ParentCommand HydfsMain common;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return common.with(
          c -> {
            common.out().println(c.merge(name));
            return OK;
          });
    }
  }

  @Command(name = "ls", description = "Replicas of NAME with their ring IDs, and the file's ID.")
  static final class Ls implements Callable<Integer> {
    @ParentCommand HydfsMain common;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return common.with(
          c -> {
            Listings.FileLocation loc = c.ls(name);
            common.out().println("file " + name + "  id " + loc.fileId());
            boolean any = false;
            for (Listings.Replica r : loc.replicas()) {
              common
                  .out()
                  .printf(
                      "  %s  ring-id %s  %s  %s%n",
                      r.address(), r.ringId(), r.memberId(), r.status());
              any |= r.status().startsWith("holds");
            }
            if (!any) {
              common.err().println("hydfs: no replica holds " + name);
              return NOT_FOUND;
            }
            return OK;
          });
    }
  }

  @Command(name = "store", description = "Files held by a server, and its ring ID.")
  static final class Store implements Callable<Integer> {
    @ParentCommand HydfsMain common;

    @Override
    public Integer call() {
      return common.with(
          c -> {
            Listings.StoreListing s = c.store(null);
            common.out().println("member " + s.memberId() + "  ring-id " + s.ringId());
            for (Listings.StoredFile f : s.files()) {
              common.out().printf("  %s  id %s  %d bytes%n", f.name(), f.fileId(), f.sizeBytes());
            }
            return OK;
          });
    }
  }

  @Command(name = "list_mem_ids", description = "Members sorted by ring ID.")
  static final class ListMemIds implements Callable<Integer> {
    @ParentCommand HydfsMain common;

    @Override
    public Integer call() {
      return common.with(
          c -> {
            for (Listings.Member m : c.members()) {
              common.out().printf("%s  %s  %s%n", m.ringId(), m.memberId(), m.address());
            }
            return OK;
          });
    }
  }

  @Command(name = "rm", description = "Delete NAME.")
  static final class Rm implements Callable<Integer> {
    @ParentCommand HydfsMain common;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return common.with(
          c -> {
            c.delete(name);
            common.out().println("removed " + name);
            return OK;
          });
    }
  }

  @Command(
      name = "multiappend",
      description =
          "Append from several nodes at the same moment: each NODE appends its own LOCAL file"
              + " (relative to its dfs.local-dir).")
  static final class MultiAppend implements Callable<Integer> {
    @ParentCommand HydfsMain common;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(
        names = "--from",
        required = true,
        paramLabel = "NODE:LOCAL",
        description = "host:port:local-path, repeatable")
    List<String> from;

    @Override
    public Integer call() {
      return common.with(
          c -> {
            List<String[]> legs = new ArrayList<>();
            for (String f : from) {
              int first = f.indexOf(':');
              int second = first < 0 ? -1 : f.indexOf(':', first + 1);
              if (second < 0) {
                throw new IllegalArgumentException("--from wants host:port:local-path, got " + f);
              }
              String node = f.substring(0, second);
              HostPort.parse(node);
              legs.add(new String[] {node, f.substring(second + 1)});
            }
            ExecutorService pool = Executors.newFixedThreadPool(legs.size());
            try {
              List<Future<?>> done = new ArrayList<>();
              for (String[] leg : legs) {
                done.add(
                    pool.submit(
                        () -> {
                          c.appendFromNode(leg[0], name, leg[1]);
                          return null;
                        }));
              }
              int code = OK;
              for (int i = 0; i < done.size(); i++) {
                try {
                  done.get(i).get();
                  common.out().println("appended " + legs.get(i)[1] + " from " + legs.get(i)[0]);
                } catch (java.util.concurrent.ExecutionException e) {
                  common
                      .err()
                      .println("hydfs: " + legs.get(i)[0] + ": " + e.getCause().getMessage());
                  code =
                      e.getCause() instanceof HydfsException h
                              && h.kind() == HydfsException.Kind.NOT_FOUND
                          ? Math.max(code, NOT_FOUND)
                          : ERROR;
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return ERROR;
                }
              }
              return code;
            } finally {
              pool.shutdownNow();
            }
          });
    }
  }
}
