package org.dsuite.swim.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsuite.swim.api.MemberId;

/** A set of member IDs with O(1) add, remove and uniform random pick. */
final class IdPool {
  private final List<MemberId> ids = new ArrayList<>();
  private final Map<MemberId, Integer> index = new HashMap<>();

  void add(MemberId id) {
    if (!index.containsKey(id)) {
      index.put(id, ids.size());
      ids.add(id);
    }
  }

  void remove(MemberId id) {
    Integer i = index.remove(id);
    if (i == null) {
      return;
    }
    MemberId last = ids.remove(ids.size() - 1);
    if (i < ids.size()) {
      ids.set(i, last);
      index.put(last, i);
    }
  }

  int size() {
    return ids.size();
  }

  MemberId random(RandomSource r) {
    return ids.isEmpty() ? null : ids.get(r.nextInt(ids.size()));
  }
}
