package org.dsuite.dfs.cli;

import java.util.concurrent.Callable;
import org.dsuite.dfs.client.Listings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The {@code hydfs} commands that show where things are: ls, store, list_mem_ids. */
final class ListingCommands {
  private ListingCommands() {}

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
              return HydfsMain.NOT_FOUND;
            }
            return HydfsMain.OK;
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
            return HydfsMain.OK;
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
            return HydfsMain.OK;
          });
    }
  }
}
