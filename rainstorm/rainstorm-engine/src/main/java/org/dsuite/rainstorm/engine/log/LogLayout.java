package org.dsuite.rainstorm.engine.log;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * File names inside one task's log directory. Segments are named by the LSN of their first record,
 * snapshots by the LSN they cover; zero-padding makes lexical order numeric order.
 *
 * <pre>
 *   seg-00000000000000000001.log     records 1 .. (start of the next segment - 1)
 *   snap-00000000000000050000.snap   state as of record 50000
 *   snap-....snap.tmp                a snapshot being written (ignored, deleted on recovery)
 * </pre>
 */
final class LogLayout {
  static final int SEGMENT_MAGIC = 0x52534C47; // "RSLG"
  static final int SNAPSHOT_MAGIC = 0x52534E50; // "RSNP"
  static final int VERSION = 2;

  private static final Pattern SEGMENT = Pattern.compile("seg-(\\d{20})\\.log");
  private static final Pattern SNAPSHOT = Pattern.compile("snap-(\\d{20})\\.snap");

  private LogLayout() {}

  static String segment(long startLsn) {
    return String.format("seg-%020d.log", startLsn);
  }

  static String snapshot(long lsn) {
    return String.format("snap-%020d.snap", lsn);
  }

  /** The start LSN of a segment file name, or -1. */
  static long segmentStart(String name) {
    Matcher m = SEGMENT.matcher(name);
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  /** The LSN of a snapshot file name, or -1. */
  static long snapshotLsn(String name) {
    Matcher m = SNAPSHOT.matcher(name);
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }
}
