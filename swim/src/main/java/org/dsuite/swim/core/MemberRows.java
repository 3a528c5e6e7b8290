package org.dsuite.swim.core;

import java.util.Arrays;
import org.dsuite.swim.api.MemberId;
import org.dsuite.swim.api.MemberStatus;

/**
 * The rows of a member table as parallel primitive arrays indexed by a slot, with an
 * open-addressing map from member ID to slot. Every member keeps the whole list, so a simulation of
 * N members holds N² rows: one object per row (a map entry, a row object, a state record) costs
 * ~300 bytes, these columns ~30. Slots of forgotten members are reused, so the arrays stay as large
 * as the most members known at once (bounded by {@code members-max}), whatever IDs the network
 * sends.
 */
final class MemberRows {
  private static final MemberStatus[] STATUSES = MemberStatus.values();
  private static final byte FREE = -1;

  private MemberId[] ids = new MemberId[0];
  private byte[] status = new byte[0];
  private long[] incarnation = new long[0];

  /**
   * One time per row, by state: while in the group, when this member last heard from it (for the
   * detection-time figure); once failed or left, when it got there (for forgetting the tombstone).
   */
  private long[] timeMs = new long[0];

  /** Open addressing, linear probing: slot + 1, or 0 for an empty cell. */
  private int[] index = new int[8];

  private int[] free = new int[0];
  private int freeCount;
  private int highWater;
  private int size;

  int size() {
    return size;
  }

  /** One past the highest slot ever used: slots below it are live or free. */
  int highWater() {
    return highWater;
  }

  /** Makes room for {@code n} rows in all, so a known membership is loaded without regrowing. */
  void reserve(int n) {
    if (n > ids.length) {
      resizeColumns(n);
    }
    int cells = index.length;
    while (n > cells / 4 * 3) {
      cells *= 2;
    }
    if (cells != index.length) {
      rehash(cells);
    }
  }

  /** The slot of {@code id}, or -1. */
  int find(MemberId id) {
    int mask = index.length - 1;
    for (int i = home(id, mask); ; i = (i + 1) & mask) {
      int cell = index[i];
      if (cell == 0) {
        return -1;
      }
      MemberId found = ids[cell - 1];
      if (found == id || found.equals(id)) {
        return cell - 1;
      }
    }
  }

  /** Adds a row for {@code id} (which must be absent) and returns its slot. */
  int add(MemberId id, MemberStatus st, long inc, long time) {
    reserve(size + 1);
    int slot;
    if (freeCount > 0) {
      slot = free[--freeCount];
    } else {
      if (highWater == ids.length) {
        resizeColumns(Math.max(8, ids.length + (ids.length >> 1)));
      }
      slot = highWater++;
    }
    ids[slot] = id;
    status[slot] = (byte) st.ordinal();
    incarnation[slot] = inc;
    timeMs[slot] = time;
    int mask = index.length - 1;
    int i = home(id, mask);
    while (index[i] != 0) {
      i = (i + 1) & mask;
    }
    index[i] = slot + 1;
    size++;
    return slot;
  }

  /** Removes the row at {@code slot}; the slot may be reused by a later {@link #add}. */
  void remove(int slot) {
    int mask = index.length - 1;
    int i = home(ids[slot], mask);
    while (index[i] != slot + 1) {
      i = (i + 1) & mask;
    }
    deleteCell(i, mask);
    ids[slot] = null;
    status[slot] = FREE;
    if (freeCount == free.length) {
      free = Arrays.copyOf(free, Math.max(8, free.length * 2));
    }
    free[freeCount++] = slot;
    size--;
  }

  /** Backward-shift deletion: later cells of the run move up so lookups never stop early. */
  private void deleteCell(int hole, int mask) {
    int i = hole;
    int j = hole;
    index[i] = 0;
    while (true) {
      j = (j + 1) & mask;
      int cell = index[j];
      if (cell == 0) {
        return;
      }
      int k = home(ids[cell - 1], mask);
      boolean stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
      if (!stays) {
        index[i] = cell;
        index[j] = 0;
        i = j;
      }
    }
  }

  boolean live(int slot) {
    return slot >= 0 && slot < highWater && status[slot] != FREE;
  }

  MemberId id(int slot) {
    return ids[slot];
  }

  MemberStatus status(int slot) {
    return STATUSES[status[slot]];
  }

  boolean inGroup(int slot) {
    return live(slot) && STATUSES[status[slot]].inGroup();
  }

  long incarnation(int slot) {
    return incarnation[slot];
  }

  long timeMs(int slot) {
    return timeMs[slot];
  }

  void set(int slot, MemberStatus st, long inc, long time) {
    status[slot] = (byte) st.ordinal();
    incarnation[slot] = inc;
    timeMs[slot] = time;
  }

  void setTimeMs(int slot, long time) {
    timeMs[slot] = time;
  }

  /** Fibonacci hashing: the top bits of the product, which depend on every bit of the hash. */
  private static int home(MemberId id, int mask) {
    int bits = Integer.bitCount(mask);
    return bits == 0 ? 0 : (id.hashCode() * 0x9E3779B9) >>> (32 - bits);
  }

  private void resizeColumns(int n) {
    int old = ids.length;
    ids = Arrays.copyOf(ids, n);
    status = Arrays.copyOf(status, n);
    Arrays.fill(status, old, n, FREE);
    incarnation = Arrays.copyOf(incarnation, n);
    timeMs = Arrays.copyOf(timeMs, n);
  }

  private void rehash(int cells) {
    index = new int[cells];
    int mask = cells - 1;
    for (int slot = 0; slot < highWater; slot++) {
      if (status[slot] != FREE) {
        int i = home(ids[slot], mask);
        while (index[i] != 0) {
          i = (i + 1) & mask;
        }
        index[i] = slot + 1;
      }
    }
  }
}
