package org.dsuite.dfs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The {@code hydfs} commands that change a file's replicas without new content: merge, rm. */
final class ManageCommands {
  private ManageCommands() {}

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
            return HydfsMain.OK;
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
            return HydfsMain.OK;
          });
    }
  }
}
