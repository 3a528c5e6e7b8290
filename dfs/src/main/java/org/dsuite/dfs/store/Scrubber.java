package org.dsuite.dfs.store;

import java.util.List;
import org.dsuite.dfs.core.BlockMeta;
import org.dsuite.dfs.core.FileLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over every block of every file, checking CRCs and repairing damaged blocks from another
 * replica. The server runs a pass every {@code dfs.scrub-interval-ms} on its own thread.
 */
public final class Scrubber {
  private static final Logger log = LoggerFactory.getLogger(Scrubber.class);

  private final FileStore store;
  private final BlockRepairer repairer;

  public Scrubber(FileStore store, BlockRepairer repairer) {
    this.store = store;
    this.repairer = repairer;
  }

  /** Result of one pass. */
  public record Pass(int files, int corrupt, int repaired) {}

  public Pass runOnce() {
    int files = 0;
    int corrupt = 0;
    int repaired = 0;
    for (FileLog fl : store.all()) {
      if (fl.deleted()) {
        continue;
      }
      files++;
      List<BlockMeta> bad = store.verify(fl);
      for (BlockMeta b : bad) {
        corrupt++;
        if (repairer.repair(fl.name(), b)) {
          repaired++;
        } else {
          log.warn(
              "scrub: block {} of '{}' is corrupt and could not be repaired", b.id(), fl.name());
        }
      }
    }
    if (corrupt > 0) {
      log.info("scrub pass: {} files, {} corrupt blocks, {} repaired", files, corrupt, repaired);
    }
    return new Pass(files, corrupt, repaired);
  }
}
