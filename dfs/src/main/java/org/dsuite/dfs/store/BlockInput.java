package org.dsuite.dfs.store;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.dsuite.dfs.core.BlockMeta;

/**
 * Reads one block file chunk by chunk and hands out only bytes whose chunk CRC32C matched; at the
 * end the whole block's length and CRC32C are checked against the file's log too.
 */
final class BlockInput extends InputStream {
  private final String name;
  private final BlockMeta meta;
  private final DataInputStream in;
  private final int maxChunk;
  private final CRC32C whole = new CRC32C();
  private byte[] chunk = new byte[0];
  private int pos;
  private int limit;
  private long delivered;
  private boolean eof;
  private boolean skipped;

  BlockInput(String name, BlockMeta meta, Path file, int maxChunk) throws IOException {
    this.name = name;
    this.meta = meta;
    this.maxChunk = maxChunk;
    this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
  }

  /**
   * Reads the next chunk, verifies it and returns its length, or -1 at the end of the block. The
   * chunk goes into {@code dst} at {@code off} if it fits in {@code room} bytes (the caller's
   * buffer: no copy), else into this stream's own buffer, from which {@link #read} hands it out.
   */
  private int nextChunk(byte[] dst, int off, int room) throws IOException {
    int len = nextChunkLength();
    return len < 0 ? -1 : readChunk(len, dst, off, room);
  }

  /** Reads the next chunk's length header: -1 at the end of the block (checked against the log). */
  private int nextChunkLength() throws IOException {
    if (eof) {
      return -1;
    }
    int len;
    try {
      len = in.readInt();
    } catch (EOFException e) {
      eof = true;
      // After a skip the whole-block CRC covers bytes never read; each delivered chunk was checked.
      if (delivered != meta.length() || (!skipped && (int) whole.getValue() != meta.crc32c())) {
        throw corrupt("length or CRC of the whole block differs from the log");
      }
      return -1;
    }
    if (len <= 0 || len > maxChunk || delivered + len > meta.length()) {
      throw corrupt("bad chunk length " + len);
    }
    return len;
  }

  private int readChunk(int len, byte[] dst, int off, int room) throws IOException {
    byte[] into = dst;
    int at = off;
    if (len > room) {
      if (chunk.length < len) {
        chunk = new byte[len];
      }
      into = chunk;
      at = 0;
    }
    int crc;
    try {
      crc = in.readInt();
      in.readFully(into, at, len);
    } catch (EOFException e) {
      throw corrupt("truncated chunk");
    }
    CRC32C c = new CRC32C();
    c.update(into, at, len);
    if ((int) c.getValue() != crc) {
      throw corrupt("chunk checksum mismatch at offset " + delivered);
    }
    whole.update(into, at, len);
    delivered += len;
    if (into == chunk) {
      pos = 0;
      limit = len;
    }
    return len;
  }

  /**
   * Positions a fresh stream {@code target} bytes into the block (a range read, or resuming after a
   * repair) without reading the chunks before it: only their headers are read and their bytes
   * skipped, never handed out. The chunk holding {@code target} is read and verified as usual.
   */
  void skipTo(long target) throws IOException {
    if (delivered != 0 || pos != limit) {
      throw new IllegalStateException("skipTo on a block stream that has been read");
    }
    if (target <= 0) {
      return;
    }
    skipped = true;
    while (true) {
      int len = nextChunkLength();
      if (len < 0) {
        return; // target is at (or past) the end of the block
      }
      if (delivered + len <= target) {
        try {
          in.readInt();
          in.skipNBytes(len);
        } catch (EOFException e) {
          throw corrupt("truncated chunk");
        }
        delivered += len;
        continue;
      }
      long chunkStart = delivered;
      readChunk(len, chunk, 0, 0);
      pos = (int) (target - chunkStart);
      return;
    }
  }

  private CorruptBlockException corrupt(String detail) {
    return new CorruptBlockException(name, meta.id(), detail);
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
    while (pos == limit) {
      int n = nextChunk(b, off, len);
      if (n < 0) {
        return -1;
      }
      if (pos == limit) {
        return n; // the whole chunk went straight into b
      }
    }
    int n = Math.min(len, limit - pos);
    System.arraycopy(chunk, pos, b, off, n);
    pos += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
