package org.dsuite.dfs.cli;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dsuite.common.net.HostPort;
import org.dsuite.dfs.client.HydfsClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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

  @Command(
      name = "cat",
      description = "Print NAME (or LENGTH bytes of it from byte OFFSET) to stdout.")
  static final class Cat implements Callable<Integer> {
    @ParentCommand HydfsMain common;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(
        names = "--offset",
        paramLabel = "OFFSET",
        description = "first byte to print (default 0; past the end prints nothing)")
    long offset;

    @Option(
        names = "--length",
        paramLabel = "LENGTH",
        description = "at most this many bytes (default: to the end)")
    Long length;

    @Override
    public Integer call() {
      return common.with(
          c -> {
            if (offset < 0 || (length != null && length < 0)) {
              throw new IllegalArgumentException("--offset and --length must be >= 0");
            }
            common.out().flush();
            OutputStream out = new BufferedOutputStream(System.out, 1 << 16);
            if (offset == 0 && length == null) {
              c.read(name, out);
            } else {
              c.read(name, offset, length == null ? Long.MAX_VALUE : length, out);
            }
            out.flush();
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
