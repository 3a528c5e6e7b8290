package org.dsuite.swim.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberInfo;
import org.dsuite.swim.api.MemberStatus;

/**
 * The member table's rows as others see them: each row's metadata (kept beside the rows, only for
 * members that announced some), a row as {@link MemberInfo}, the sorted member list and the full
 * state sent by anti-entropy. Reads the rows and suspicion timers of {@link MemberTable}, which
 * owns them and decides every change.
 */
final class TableViews {
  private final MemberRows rows;
  private final Suspects suspects;

  /** Metadata of the members that announced any (absent means empty). */
  private final Map<MemberId, Map<String, String>> metadata = new HashMap<>();

  TableViews(MemberRows rows, Suspects suspects) {
    this.rows = rows;
    this.suspects = suspects;
  }

  void setMetadata(MemberId id, Map<String, String> md) {
    if (md.isEmpty()) {
      metadata.remove(id);
    } else {
      metadata.put(id, md);
    }
  }

  Map<String, String> metadataOf(MemberId id) {
    return metadata.getOrDefault(id, Map.of());
  }

  /** The row of {@code id} was forgotten. */
  void forget(MemberId id) {
    metadata.remove(id);
  }

  MemberInfo info(int slot) {
    MemberId id = rows.id(slot);
    return new MemberInfo(id, rows.status(slot), rows.incarnation(slot), metadataOf(id));
  }

  /** In-group members ({@code all}: every row), with {@code self} if given; by ID. */
  List<MemberInfo> list(MemberInfo self, boolean all) {
    List<MemberInfo> out = new ArrayList<>();
    if (self != null) {
      out.add(self);
    }
    for (int slot = 0; slot < rows.highWater(); slot++) {
      if (all ? rows.live(slot) : rows.inGroup(slot)) {
        out.add(info(slot));
      }
    }
    out.sort(Comparator.comparing(MemberInfo::id));
    return out;
  }

  /** {@code first} (our own row and the suspicion setting), then every row, for anti-entropy. */
  List<Gossip> fullState(List<Gossip> first) {
    List<Gossip> out = new ArrayList<>(rows.size() + first.size());
    out.addAll(first);
    for (int slot = 0; slot < rows.highWater(); slot++) {
      if (rows.live(slot)) {
        MemberId id = rows.id(slot);
        MemberStatus st = rows.status(slot);
        // a suspicion keeps its accuser: relabelled with our ID, every exchange would count as a
        // Lifeguard confirmation and cut the suspect's time to refute from max to min
        MemberId origin = st == MemberStatus.SUSPECT ? suspects.origin(id) : id;
        out.add(new MemberUpdate(id, st, rows.incarnation(slot), origin, metadataOf(id)));
      }
    }
    return out;
  }
}
