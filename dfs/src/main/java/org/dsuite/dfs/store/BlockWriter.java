package org.dsuite.dfs.store;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;

/**
 * Writes one block to a temporary file as a sequence of chunks {@code [int length][int
 * crc32c][bytes]}, so a reader can check every chunk before it hands the bytes on, without holding
 * the whole block. {@link #finish()} fsyncs the file; only then may the block be committed.
 */
public final class BlockWriter extends OutputStream {
  private final Path file;
  private final FileChannel channel;
  private final DataOutputStream out;
  private final byte[] buffer;
  private final long maxBytes;
  private final CRC32C whole = new CRC32C();

  /**
   * Large blocks are flushed to disk as they arrive, so the final fsync has little left to do
   * (otherwise three replicas would write a whole 1 GB block out at once, at the end).
   */
  private static final long SYNC_EVERY_BYTES = 32L << 20;

  /**
   * Those intermediate fsyncs run here, off the receiving thread, so the stream keeps flowing while
   * the disk writes back: a synchronous fsync every 32 MB stalled the sender (through TCP
   * back-pressure) for as long as the disk took. Durability does not depend on them: {@link
   * #finish()} still fsyncs synchronously before the block can be acknowledged.
   */
  private static final ExecutorService BACKGROUND_SYNC =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "block-sync");
            t.setDaemon(true);
            return t;
          });

  /** The intermediate fsync in flight, if any; at most one per block. */
  private Future<?> pendingSync;

  private int fill;
  private long length;
  private long unsynced;
  private boolean done;

  BlockWriter(Path file, int chunkBytes, long maxBytes) throws IOException {
    this.file = file;
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    this.out =
        new DataOutputStream(
            new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16));
    this.buffer = new byte[chunkBytes];
    this.maxBytes = maxBytes;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (length + len > maxBytes) {
      throw new BlockTooLargeException(maxBytes);
    }
    length += len;
    whole.update(b, off, len);
    while (len > 0) {
      int n = Math.min(len, buffer.length - fill);
      System.arraycopy(b, off, buffer, fill, n);
      fill += n;
      off += n;
      len -= n;
      if (fill == buffer.length) {
        flushChunk();
      }
    }
  }

  private void flushChunk() throws IOException {
    if (fill == 0) {
      return;
    }
    CRC32C crc = new CRC32C();
    crc.update(buffer, 0, fill);
    out.writeInt(fill);
    out.writeInt((int) crc.getValue());
    out.write(buffer, 0, fill);
    unsynced += fill;
    fill = 0;
    if (unsynced >= SYNC_EVERY_BYTES && (pendingSync == null || pendingSync.isDone())) {
      out.flush();
      pendingSync =
          BACKGROUND_SYNC.submit(
              () -> {
                try {
                  channel.force(false);
                } catch (IOException e) {
                  // finish() fsyncs again and reports a failing disk; abort() may have closed it
                }
              });
      unsynced = 0;
    }
  }

  private void awaitPendingSync() throws IOException {
    if (pendingSync == null) {
      return;
    }
    try {
      pendingSync.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a block fsync");
    } catch (ExecutionException e) {
      // the task swallows I/O errors; the final fsync below reports them
    }
  }

  /** Writes the last chunk and fsyncs; the result can be committed to a file. */
  public PendingBlock finish() throws IOException {
    flushChunk();
    out.flush();
    awaitPendingSync();
    channel.force(true);
    channel.close();
    done = true;
    return new PendingBlock(file, length, (int) whole.getValue());
  }

  /** Discards an unfinished block. */
  public void abort() {
    try {
      channel.close();
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // best effort: the temp directory is emptied at start-up anyway
    }
  }

  @Override
  public void close() {
    if (!done) {
      abort();
    }
  }

  /** The block exceeds the configured limit. */
  public static final class BlockTooLargeException extends IOException {
    public BlockTooLargeException(long maxBytes) {
      super("write exceeds the limit of " + maxBytes + " bytes");
    }
  }
}
