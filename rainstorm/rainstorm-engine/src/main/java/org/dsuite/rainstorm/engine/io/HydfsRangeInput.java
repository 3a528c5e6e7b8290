package org.dsuite.rainstorm.engine.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.dsuite.dfs.client.HydfsClient;
import org.dsuite.dfs.client.HydfsException;

/**
 * A HyDFS file read front to back in range reads fetched as the reader gets to them, the first
 * {@link #FIRST_CHUNK_BYTES} and each next one twice the last, up to {@code chunkBytes}: a reader
 * that stops early (a header read, a source split at the end of its range) transfers only what it
 * consumed plus at most one chunk, and nothing goes to local disk. The file's length and content
 * version are fixed when the stream opens (the first chunk's reply carries them). Each chunk is a
 * separate read that any replica may serve, and replicas may order concurrent appends differently
 * until a merge, so a chunk served at another version could come from different bytes: the stream
 * then fails rather than stitch versions together (a source file must not be appended to while a
 * job reads it; the task restarts and re-reads its split).
 */
final class HydfsRangeInput extends InputStream {
  /** A header read needs one line: do not fetch megabytes for it. */
  static final int FIRST_CHUNK_BYTES = 64 << 10;

  private final HydfsClient client;
  private final String key;
  private final int maxChunk;
  private byte[] buf;
  private final long length;
  private final long version;
  private int nextChunk; // bytes the next fetch asks for
  private long bufStart; // file offset of buf[0]
  private int bufLen;
  private int pos;

  /**
   * Opens {@code key} and reads its first chunk.
   *
   * @throws FileNotFoundException if the file does not exist
   */
  HydfsRangeInput(HydfsClient client, String key, int chunkBytes) throws IOException {
    if (chunkBytes < 1) {
      throw new IllegalArgumentException("chunk of " + chunkBytes + " bytes");
    }
    this.client = client;
    this.key = key;
    this.maxChunk = chunkBytes;
    try {
      nextChunk = Math.min(FIRST_CHUNK_BYTES, chunkBytes);
      buf = new byte[nextChunk];
      HydfsClient.ReadResult first = fetch(0, Long.MAX_VALUE);
      this.length = first.fileSize();
      this.version = first.version();
    } catch (HydfsException e) {
      if (e.kind() == HydfsException.Kind.NOT_FOUND) {
        throw new FileNotFoundException("source file " + key + " does not exist in HyDFS");
      }
      throw e;
    }
  }

  /** The file's length when the stream opened. */
  long length() {
    return length;
  }

  /** Reads the next chunk from {@code at}, at most {@code left} bytes. */
  private HydfsClient.ReadResult fetch(long at, long left) throws IOException {
    if (buf.length < nextChunk) {
      buf = new byte[nextChunk];
    }
    Into into = new Into();
    HydfsClient.ReadResult r = client.read(key, at, Math.min(nextChunk, left), into);
    nextChunk = (int) Math.min(maxChunk, 2L * nextChunk);
    bufStart = at;
    bufLen = into.n;
    pos = 0;
    return r;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (pos == bufLen) {
      long next = bufStart + bufLen;
      if (next >= length) {
        return -1;
      }
      HydfsClient.ReadResult r = fetch(next, length - next);
      if (r.version() != version) {
        throw new IOException(
            "HyDFS file "
                + key
                + " changed while it was being read (version "
                + Long.toHexString(version)
                + " -> "
                + Long.toHexString(r.version())
                + "); a source must not be appended to during a job");
      }
      if (bufLen == 0) {
        throw new IOException(
            "HyDFS file " + key + " is shorter than the " + length + " bytes it had when opened");
      }
    }
    int n = Math.min(len, bufLen - pos);
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    return n;
  }

  /** Receives a range straight into {@link #buf}. */
  private final class Into extends OutputStream {
    int n;

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (n + len > buf.length) {
        throw new IllegalStateException("server sent more than the range asked for");
      }
      System.arraycopy(b, off, buf, n, len);
      n += len;
    }
  }
}
