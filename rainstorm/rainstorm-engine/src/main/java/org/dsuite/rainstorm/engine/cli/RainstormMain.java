package org.dsuite.rainstorm.engine.cli;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.dsuite.common.logging.LogFiles;
import org.dsuite.rainstorm.engine.leader.JobStore;
import org.dsuite.rainstorm.engine.leader.ZkLayout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/rainstorm}: submit a job and follow it, or show, list and kill jobs. Results go to
 * stdout; progress and errors to stderr. Exit codes: 0 ok (job DONE), 1 not found or job killed, 2
 * error (bad arguments, job FAILED, ZooKeeper unreachable).
 */
@Command(
    name = "rainstorm",
    mixinStandardHelpOptions = true,
    description = "Submits and manages RainStorm stream jobs.",
    subcommands = {
      SubmitCommand.class,
      JobCommands.Status.class,
      JobCommands.ListJobs.class,
      JobCommands.Kill.class
    })
public final class RainstormMain implements Runnable {
  public static void main(String[] args) {
    if (System.getProperty(LogFiles.DIR_PROPERTY) == null) {
      LogFiles.directTo(Path.of("state", "logs"), "rainstorm");
    }
    System.exit(commandLine().execute(args));
  }

  /** The command line with its settings (for main and tests). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new RainstormMain());
    cl.getSubcommands().get("submit").setUnmatchedOptionsArePositionalParams(true);
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          String msg =
              e instanceof CliException
                      || e instanceof IllegalArgumentException
                      || e instanceof org.dsuite.rainstorm.api.OperatorException
                  ? e.getMessage()
                  : e.toString();
          System.err.println("rainstorm: " + msg);
          return 2;
        });
    return cl;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        new CommandLine(this), "give a command: submit, status, list or kill");
  }

  /** Options every command takes: where ZooKeeper is. */
  static final class ZkOptions {
    @Option(
        names = "--zk",
        description =
            "ZooKeeper HOST:PORT[,...] (default: the local cluster's, from its cluster.json;"
                + " else 127.0.0.1:2181)")
    String zk = LocalDefaults.zk();

    @Option(names = "--zk-root", description = "znode root (default ${DEFAULT-VALUE})")
    String zkRoot = "/rainstorm";

    @Option(
        names = "--zk-timeout-ms",
        description = "give up reaching ZooKeeper after this (default ${DEFAULT-VALUE})")
    int timeoutMs = 10_000;

    /** A started client, connected; the caller closes it. */
    CuratorFramework connect() throws Exception {
      new ZkLayout(zkRoot); // validates
      CuratorFramework c =
          CuratorFrameworkFactory.builder()
              .connectString(zk)
              .sessionTimeoutMs(Math.max(timeoutMs, 2_000))
              .connectionTimeoutMs(timeoutMs)
              .retryPolicy(new ExponentialBackoffRetry(100, 5, 2_000))
              .build();
      c.start();
      if (!c.blockUntilConnected(timeoutMs, TimeUnit.MILLISECONDS)) {
        c.close();
        throw new CliException("cannot reach ZooKeeper at " + zk);
      }
      return c;
    }

    JobStore store(CuratorFramework c) {
      return new JobStore(c, new ZkLayout(zkRoot));
    }
  }

  /** A user-facing error: printed as {@code rainstorm: message}, exit 2. */
  static final class CliException extends RuntimeException {
    CliException(String message) {
      super(message);
    }
  }
}
