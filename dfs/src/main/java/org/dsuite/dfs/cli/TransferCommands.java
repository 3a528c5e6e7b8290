package org.dsuite.dfs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dsuite.common.net.HostPort;
import org.dsuite.dfs.client.HydfsClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The {@code hydfs} commands that move file content: create, append, get, cat, getfromreplica. */
final class TransferCommands {
  private TransferCommands() {}

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
            long size = Files.size(HydfsMain.readable(local));
            try (Progress p = Progress.start("create " + name, size)) {
              c.create(name, HydfsClient.Source.of(local), p);
            }
            common.out().println("created " + name + " (" + size + " bytes)");
            return HydfsMain.OK;
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
            long size = Files.size(HydfsMain.readable(local));
            try (Progress p = Progress.start("append " + name, size)) {
              c.append(name, HydfsClient.Source.of(local), p);
            }
            common.out().println("appended " + size + " bytes to " + name);
            return HydfsMain.OK;
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
            return HydfsMain.OK;
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
            return HydfsMain.OK;
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
            return HydfsMain.OK;
          });
    }
  }
}
