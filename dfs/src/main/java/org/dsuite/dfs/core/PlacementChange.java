package org.dsuite.dfs.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which files' replica sets a membership change touched: only those need a sync round right away (a
 * periodic full round catches anything a failed push left behind).
 */
public final class PlacementChange {
  private PlacementChange() {}

  public static List<String> affected(
      Ring before, Ring after, Collection<String> names, int replication) {
    List<String> out = new ArrayList<>();
    for (String name : names) {
      if (!before.replicasFor(name, replication).equals(after.replicasFor(name, replication))) {
        out.add(name);
      }
    }
    return out;
  }
}
