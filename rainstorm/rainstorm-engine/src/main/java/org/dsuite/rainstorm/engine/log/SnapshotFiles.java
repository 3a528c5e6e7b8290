package org.dsuite.rainstorm.engine.log;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dsuite.rainstorm.engine.core.Snapshot;

/**
 * Snapshot files: {@code [magic][version][int length][int crc32c][body]}, written to a {@code .tmp}
 * name, closed (complete on every replica) and renamed, so a snapshot is either whole or absent.
 */
final class SnapshotFiles {
  private SnapshotFiles() {}

  static void write(FileSystem fs, Path dir, Snapshot s, boolean hsync) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
    DataOutputStream bodyOut = new DataOutputStream(body);
    LogCodec.writeSnapshot(bodyOut, s);
    bodyOut.flush();
    byte[] b = body.toByteArray();
    Path fin = new Path(dir, LogLayout.snapshot(s.lsn()));
    Path tmp = new Path(dir, LogLayout.snapshot(s.lsn()) + ".tmp");
    try (FSDataOutputStream o = fs.create(tmp, true)) {
      o.writeInt(LogLayout.SNAPSHOT_MAGIC);
      o.writeInt(LogLayout.VERSION);
      o.writeInt(b.length);
      o.writeInt(RecordFraming.crcOf(b, 0, b.length));
      o.write(b);
      if (hsync) {
        o.hsync();
      }
    }
    // HDFS refuses to rename onto an existing file. A snapshot already published at this LSN holds
    // the same state (the state after the same log prefix) and is kept: replacing it would need a
    // delete first, and a crash between the two would leave no snapshot while the segments it
    // covers are gone. (Session 8 deleted up front: a NameNode round trip per snapshot for a file
    // that is almost never there.)
    if (!fs.rename(tmp, fin)) {
      if (!fs.exists(fin)) {
        throw new IOException("cannot rename " + tmp + " to " + fin);
      }
      fs.delete(tmp, false);
    }
  }

  /** Reads a snapshot file; throws if it is torn or corrupt. */
  static Snapshot read(FileSystem fs, Path file) throws IOException {
    try (FSDataInputStream in = fs.open(file)) {
      DataInputStream d = new DataInputStream(in);
      if (d.readInt() != LogLayout.SNAPSHOT_MAGIC || d.readInt() != LogLayout.VERSION) {
        throw new IOException(file + " is not a version-" + LogLayout.VERSION + " snapshot");
      }
      int n = d.readInt();
      int crc = d.readInt();
      if (n < 0) {
        throw new IOException(file + ": bad length " + n);
      }
      byte[] b = new byte[n];
      d.readFully(b);
      if (RecordFraming.crcOf(b, 0, n) != crc) {
        throw new IOException(file + ": checksum mismatch");
      }
      return LogCodec.readSnapshot(new DataInputStream(new java.io.ByteArrayInputStream(b)));
    }
  }

  /** Deletes snapshots older than {@code lsn} and segments whose records all precede it. */
  static void deleteCovered(FileSystem fs, Path dir, long lsn) throws IOException {
    List<Long> starts = new ArrayList<>();
    for (FileStatus st : fs.listStatus(dir)) {
      String name = st.getPath().getName();
      long snap = LogLayout.snapshotLsn(name);
      if (snap >= 0 && snap < lsn) {
        fs.delete(st.getPath(), false);
      }
      long start = LogLayout.segmentStart(name);
      if (start >= 0) {
        starts.add(start);
      }
    }
    starts.sort(null);
    for (int i = 0; i + 1 < starts.size(); i++) {
      if (starts.get(i + 1) <= lsn + 1) {
        fs.delete(new Path(dir, LogLayout.segment(starts.get(i))), false);
      }
    }
  }
}
