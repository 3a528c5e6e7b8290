package org.dsuite.dfs.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dsuite.common.net.HostPort;
import org.dsuite.dfs.client.HydfsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code hydfs multiappend}: appends from several nodes at the same moment. */
final class MultiAppendCommand {
  private MultiAppendCommand() {}

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
              int code = HydfsMain.OK;
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
                          ? Math.max(code, HydfsMain.NOT_FOUND)
                          : HydfsMain.ERROR;
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return HydfsMain.ERROR;
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
