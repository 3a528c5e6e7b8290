package org.dsuite.rainstorm.engine.log;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.dsuite.rainstorm.engine.core.Snapshot;

/**
 * Writes a task log's snapshots on a thread of its own, so that group commits go on meanwhile: a
 * snapshot costs a file create, write, close and rename, the close of the segment it ends, and a
 * listing and deletes, each a NameNode round trip (and on HDFS a close waits for the DataNode's
 * block report). On the flusher thread that stopped the task's commits, and so its acks and its
 * upstream, for as long.
 *
 * <p>The steps keep recovery exact whenever the process dies: the {@link TaskLogWriter} hands a
 * snapshot over only after every record up to its LSN is durable and the next segment is open; here
 * the snapshot becomes visible only whole (tmp, close, rename), the ended segment is closed after
 * that (its records are durable already; closing ends its lease), and the segments and snapshots it
 * covers are deleted last, once it is durable. A crash before the rename leaves the older snapshot
 * and every segment (recovery reads them); after it, the covered segments are skipped by recovery
 * and deleted by the next snapshot. One snapshot at a time.
 */
final class SnapshotWriter {
  /** Told, on the snapshot thread, how each snapshot ended. */
  interface Listener {
    void written(long lsn);

    void failed(IOException e);
  }

  private final FileSystem fs;
  private final Path dir;
  private final boolean hsync;
  private final Listener listener;
  private final Object lock = new Object();
  private final Thread thread;

  // Guarded by lock.
  private Snapshot snapshot; // handed over, not yet written
  private FSDataOutputStream ended; // the segment it ends, or null
  private boolean stopping;
  private boolean aborted;

  SnapshotWriter(FileSystem fs, Path dir, boolean hsync, Listener listener) {
    this.fs = fs;
    this.dir = dir;
    this.hsync = hsync;
    this.listener = listener;
    this.thread = new Thread(this::run, "task-snapshot-" + dir.getName());
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /**
   * Writes {@code s} in the background, then closes {@code endedSegment} (null: none) and deletes
   * what {@code s} covers.
   *
   * @throws IllegalStateException if the previous snapshot is not written yet
   */
  void submit(Snapshot s, FSDataOutputStream endedSegment) {
    synchronized (lock) {
      if (snapshot != null) {
        throw new IllegalStateException("snapshot " + snapshot.lsn() + " is still being written");
      }
      snapshot = s;
      ended = endedSegment;
      lock.notifyAll();
    }
  }

  /** Writes the snapshot handed over, if any, then stops. */
  void finish() {
    synchronized (lock) {
      stopping = true;
      lock.notifyAll();
    }
    join();
  }

  /** Stops as a crash would: steps not yet begun are not taken. */
  void abort() {
    synchronized (lock) {
      aborted = true;
      lock.notifyAll();
    }
    join();
  }

  private void join() {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean aborted() {
    synchronized (lock) {
      return aborted;
    }
  }

  private void run() {
    try {
      while (true) {
        Snapshot s;
        FSDataOutputStream seg;
        synchronized (lock) {
          while (snapshot == null && !stopping && !aborted) {
            lock.wait();
          }
          if (aborted || snapshot == null) {
            return;
          }
          s = snapshot;
          seg = ended;
        }
        if (!write(s, seg)) {
          return; // aborted between two steps
        }
        synchronized (lock) {
          snapshot = null;
          ended = null;
        }
        listener.written(s.lsn());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      listener.failed(e instanceof IOException io ? io : new IOException(e));
    }
  }

  /** The three steps, in their order; false if aborted before one of them. */
  private boolean write(Snapshot s, FSDataOutputStream seg) throws IOException {
    SnapshotFiles.write(fs, dir, s, hsync);
    if (aborted()) {
      return false;
    }
    if (seg != null) {
      seg.close();
    }
    if (aborted()) {
      return false;
    }
    SnapshotFiles.deleteCovered(fs, dir, s.lsn());
    return true;
  }
}
