package org.dsuite.dfs.rpc;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The part of a file a read asks for: up to {@code maxBytes} bytes from byte {@code start}. A range
 * past the end of the file reads nothing; the reply always carries the whole file's size, so a
 * reader that follows a growing file (a stream source, a live tail) knows where the end was.
 */
public record Range(long start, long maxBytes) {
  /** The whole file. */
  public static final Range WHOLE = new Range(0, Long.MAX_VALUE);

  public Range {
    if (start < 0) {
      throw new IllegalArgumentException("a read cannot start before byte 0, got " + start);
    }
    if (maxBytes < 0) {
      throw new IllegalArgumentException("a read cannot ask for fewer than 0 bytes: " + maxBytes);
    }
  }

  public boolean whole() {
    return start == 0 && maxBytes == Long.MAX_VALUE;
  }

  /** Where the range starts in a file of {@code size} bytes. */
  public long startIn(long size) {
    return Math.min(start, size);
  }

  /** How many bytes of a file of {@code size} bytes the range covers. */
  public long lengthIn(long size) {
    return Math.min(maxBytes, size - startIn(size));
  }

  public void write(DataOutputStream out) throws IOException {
    out.writeLong(start);
    out.writeLong(maxBytes);
  }

  /**
   * Reads a range from a request.
   *
   * @throws ProtocolException if it starts before 0 or asks for a negative length
   */
  public static Range read(DataInputStream in) throws IOException {
    long start = in.readLong();
    long maxBytes = in.readLong();
    if (start < 0 || maxBytes < 0) {
      throw new ProtocolException("bad range: start " + start + ", length " + maxBytes);
    }
    return new Range(start, maxBytes);
  }
}
