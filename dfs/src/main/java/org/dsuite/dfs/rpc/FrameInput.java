package org.dsuite.dfs.rpc;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads data frames as a plain stream, ending at the end frame; more than {@code maxTotal} bytes is
 * a {@link ProtocolException}. The underlying connection stays open.
 */
public final class FrameInput extends InputStream {
  private final DataInputStream in;
  private final int maxFrame;
  private final long maxTotal;
  private int remaining;
  private long total;
  private boolean ended;

  public FrameInput(DataInputStream in, int maxFrame, long maxTotal) {
    this.in = in;
    this.maxFrame = maxFrame;
    this.maxTotal = maxTotal;
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
    while (remaining == 0) {
      if (ended) {
        return -1;
      }
      int n = Wire.readFrameHeader(in, maxFrame);
      if (n == 0) {
        ended = true;
        return -1;
      }
      total += n;
      if (total > maxTotal) {
        throw new ProtocolException("transfer exceeds the limit of " + maxTotal + " bytes");
      }
      remaining = n;
    }
    int r = in.read(b, off, Math.min(len, remaining));
    if (r < 0) {
      throw new java.io.EOFException("connection closed mid-frame");
    }
    remaining -= r;
    return r;
  }

  /** Reads and discards the rest of the stream, so the connection can carry the next message. */
  public void drain() throws IOException {
    byte[] buf = new byte[1 << 16];
    while (read(buf, 0, buf.length) >= 0) {
      // discard
    }
  }

  public boolean ended() {
    return ended;
  }
}
