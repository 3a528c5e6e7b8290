package org.dsuite.rainstorm.engine.log;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.dsuite.rainstorm.engine.core.LogRecord;
import org.dsuite.rainstorm.engine.core.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovery: the newest whole snapshot plus the records after it.
 *
 * <p>On HDFS, segments a dead writer left open first go through lease recovery, which fixes their
 * length for good and fences the old writer out (it can no longer append). A segment's records
 * count only below the start LSN of the next segment: a later incarnation started there, so
 * anything an older writer got onto disk past that point was never durable and was replaced. A
 * record that is cut short or fails its CRC ends its segment (a torn last write).
 */
public final class TaskLogReader {
  private static final Logger log = LoggerFactory.getLogger(TaskLogReader.class);

  private TaskLogReader() {}

  public static RecoveredLog recover(FileSystem fs, Path dir, TaskLogConfig config)
      throws IOException {
    if (!fs.exists(dir)) {
      return new RecoveredLog(Snapshot.empty(), List.of(), 1, 0);
    }
    TreeMap<Long, Path> segments = new TreeMap<>();
    TreeMap<Long, Path> snapshots = new TreeMap<>();
    for (FileStatus st : fs.listStatus(dir)) {
      String name = st.getPath().getName();
      if (name.endsWith(".tmp")) {
        fs.delete(st.getPath(), false); // a snapshot that never finished
      } else if (LogLayout.segmentStart(name) >= 0) {
        segments.put(LogLayout.segmentStart(name), st.getPath());
      } else if (LogLayout.snapshotLsn(name) >= 0) {
        snapshots.put(LogLayout.snapshotLsn(name), st.getPath());
      }
    }
    Snapshot snapshot = newestReadable(fs, snapshots);
    List<LogRecord> tail = new ArrayList<>();
    long torn = 0;
    long expected = snapshot.lsn() + 1;
    List<Long> starts = new ArrayList<>(segments.keySet());
    for (int i = 0; i < starts.size(); i++) {
      long limit = i + 1 < starts.size() ? starts.get(i + 1) : Long.MAX_VALUE;
      if (limit <= expected) {
        continue; // every record of this segment is covered by the snapshot
      }
      Path seg = segments.get(starts.get(i));
      recoverLease(fs, seg, config.leaseRecoveryTimeoutMs());
      torn += readSegment(fs, seg, starts.get(i), limit, snapshot.lsn(), tail);
    }
    for (LogRecord r : tail) {
      if (r.lsn() != expected) {
        throw new IOException(
            dir + ": log gap, expected lsn " + expected + " but found " + r.lsn());
      }
      expected++;
    }
    long next = Math.max(expected, starts.isEmpty() ? 1 : starts.get(starts.size() - 1));
    if (next != expected) {
      throw new IOException(dir + ": last segment starts at " + next + " past lsn " + expected);
    }
    if (!starts.isEmpty() && starts.get(starts.size() - 1) == next) {
      // It holds no record (a header, or a torn first write) and its lease was recovered above:
      // the next writer starts a segment of that name, and creates it only if none exists
      // (TaskLogWriter), so a file found there later belongs to another incarnation.
      Path empty = segments.get(next);
      log.info("removing {}: it holds no record", empty);
      if (!fs.delete(empty, false) && fs.exists(empty)) {
        throw new IOException("cannot remove " + empty + ", which holds no record");
      }
    }
    return new RecoveredLog(snapshot, tail, next, torn);
  }

  private static Snapshot newestReadable(FileSystem fs, TreeMap<Long, Path> snapshots)
      throws IOException {
    for (Long lsn : snapshots.descendingKeySet()) {
      try {
        return SnapshotFiles.read(fs, snapshots.get(lsn));
      } catch (IOException e) {
        log.warn("skipping unreadable snapshot {}: {}", snapshots.get(lsn), e.toString());
      }
    }
    return Snapshot.empty();
  }

  /** Reads records with {@code snapshotLsn < lsn < limit}; returns the torn bytes skipped. */
  private static long readSegment(
      FileSystem fs, Path seg, long start, long limit, long snapshotLsn, List<LogRecord> out)
      throws IOException {
    byte[] all;
    try (FSDataInputStream in = fs.open(seg)) {
      all = in.readAllBytes();
    }
    DataInputStream d = new DataInputStream(new ByteArrayInputStream(all));
    if (all.length < 16) {
      return all.length; // the header itself never made it
    }
    if (d.readInt() != LogLayout.SEGMENT_MAGIC || d.readInt() != LogLayout.VERSION) {
      throw new IOException(seg + " is not a version-" + LogLayout.VERSION + " segment");
    }
    if (d.readLong() != start) {
      throw new IOException(seg + ": header start lsn does not match its name");
    }
    int pos = 16;
    while (pos < all.length) {
      if (all.length - pos < RecordFraming.HEADER_BYTES) {
        return all.length - pos;
      }
      int n = readInt(all, pos);
      int crc = readInt(all, pos + 4);
      if (n <= 0 || n > RecordFraming.MAX_FRAME_BYTES || all.length - pos - 8 < n) {
        return all.length - pos;
      }
      if (RecordFraming.crcOf(all, pos + 8, n) != crc) {
        return all.length - pos;
      }
      int recordStart = pos;
      LogRecord r;
      try {
        r = LogCodec.readRecord(new DataInputStream(new ByteArrayInputStream(all, pos + 8, n)));
      } catch (EOFException e) {
        throw new IOException(seg + ": record at byte " + pos + " passes its CRC but is short", e);
      }
      pos += 8 + n;
      if (r.lsn() >= limit) {
        return all.length - recordStart; // superseded by the next incarnation's segment
      }
      if (r.lsn() > snapshotLsn) {
        out.add(r);
      }
    }
    return 0;
  }

  private static int readInt(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24)
        | ((b[at + 1] & 0xFF) << 16)
        | ((b[at + 2] & 0xFF) << 8)
        | (b[at + 3] & 0xFF);
  }

  /** Waits until HDFS has closed the file (recovering a dead writer's lease). */
  private static void recoverLease(FileSystem fs, Path p, long timeoutMs) throws IOException {
    if (!(fs instanceof DistributedFileSystem dfs)) {
      return;
    }
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    boolean closed = dfs.recoverLease(p);
    while (!closed) {
      if (System.nanoTime() > deadline) {
        throw new IOException("lease recovery of " + p + " did not finish in " + timeoutMs + " ms");
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted during lease recovery of " + p);
      }
      closed = dfs.isFileClosed(p);
    }
  }
}
