package org.dsuite.rainstorm.engine.core;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes a list of tuple IDs as runs: {@code [int runs]} then per run {@code [long hi][long
 * firstLo][int count]} for IDs {@code (hi, firstLo) .. (hi, firstLo + count - 1)} in list order.
 * Sequenced IDs are consecutive per stream and acknowledged in order, so an ack or acked-record of
 * thousands of IDs costs a few runs (20 bytes each) instead of 16 bytes per ID. Any list encodes (a
 * run of one for an ID that continues nothing); decoding restores the exact list.
 */
public final class IdRuns {
  private IdRuns() {}

  public static void write(DataOutput out, List<TupleId> ids) throws IOException {
    int runs = 0;
    for (int i = 0; i < ids.size(); i++) {
      if (i == 0 || !continues(ids.get(i - 1), ids.get(i))) {
        runs++;
      }
    }
    out.writeInt(runs);
    int i = 0;
    while (i < ids.size()) {
      TupleId first = ids.get(i);
      int j = i + 1;
      while (j < ids.size() && continues(ids.get(j - 1), ids.get(j))) {
        j++;
      }
      out.writeLong(first.hi());
      out.writeLong(first.lo());
      out.writeInt(j - i);
      i = j;
    }
  }

  private static boolean continues(TupleId prev, TupleId next) {
    return next.hi() == prev.hi() && next.lo() == prev.lo() + 1 && next.lo() != Long.MIN_VALUE;
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @param maxIds most IDs accepted in total: a corrupt count must not allocate gigabytes
   * @throws IOException on a count outside the limits
   */
  public static List<TupleId> read(DataInput in, int maxIds) throws IOException {
    int runs = in.readInt();
    if (runs < 0 || runs > maxIds) {
      throw new IOException("bad run count " + runs);
    }
    List<TupleId> ids = new ArrayList<>(Math.min(runs, 1024));
    long total = 0;
    for (int r = 0; r < runs; r++) {
      long hi = in.readLong();
      long lo = in.readLong();
      int n = in.readInt();
      total += n;
      if (n < 1 || total > maxIds) {
        throw new IOException("bad run length " + n);
      }
      for (int k = 0; k < n; k++) {
        ids.add(new TupleId(hi, lo + k));
      }
    }
    return ids;
  }
}
