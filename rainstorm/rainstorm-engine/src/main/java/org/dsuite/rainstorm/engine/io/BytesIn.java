package org.dsuite.rainstorm.engine.io;

import java.io.DataInput;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads big-endian values from a byte array range, bounds-checked (a short input is an {@link
 * EOFException}, never an index error), without the lock per call of {@link
 * java.io.ByteArrayInputStream} and with strings decoded straight from the array (no intermediate
 * copy). Single-threaded.
 */
public final class BytesIn implements DataInput {
  private final byte[] buf;
  private int pos;
  private final int end;

  public BytesIn(byte[] buf, int off, int len) {
    if (off < 0 || len < 0 || off + len > buf.length) {
      throw new IndexOutOfBoundsException("range " + off + "+" + len + " of " + buf.length);
    }
    this.buf = buf;
    this.pos = off;
    this.end = off + len;
  }

  public int remaining() {
    return end - pos;
  }

  private void need(int n) throws EOFException {
    if (end - pos < n) {
      throw new EOFException("need " + n + " bytes, " + (end - pos) + " left");
    }
  }

  @Override
  public void readFully(byte[] b) throws IOException {
    readFully(b, 0, b.length);
  }

  @Override
  public void readFully(byte[] b, int off, int len) throws IOException {
    need(len);
    System.arraycopy(buf, pos, b, off, len);
    pos += len;
  }

  @Override
  public int skipBytes(int n) {
    int k = Math.max(0, Math.min(n, end - pos));
    pos += k;
    return k;
  }

  @Override
  public boolean readBoolean() throws IOException {
    return readByte() != 0;
  }

  @Override
  public int readUnsignedByte() throws IOException {
    return readByte() & 0xFF;
  }

  @Override
  public short readShort() throws IOException {
    need(2);
    int p = pos;
    pos += 2;
    return (short) ((buf[p] & 0xFF) << 8 | (buf[p + 1] & 0xFF));
  }

  @Override
  public int readUnsignedShort() throws IOException {
    return readShort() & 0xFFFF;
  }

  @Override
  public char readChar() throws IOException {
    return (char) readShort();
  }

  @Override
  public float readFloat() throws IOException {
    return Float.intBitsToFloat(readInt());
  }

  @Override
  public double readDouble() throws IOException {
    return Double.longBitsToDouble(readLong());
  }

  /** Not supported: no format here has text lines. */
  @Override
  public String readLine() throws IOException {
    throw new IOException("readLine is not supported");
  }

  /** Not supported: modified UTF-8 is not used by any format here; see {@link #readUtf8}. */
  @Override
  public String readUTF() throws IOException {
    throw new IOException("modified UTF-8 is not used; see readUtf8");
  }

  @Override
  public byte readByte() throws IOException {
    need(1);
    return buf[pos++];
  }

  @Override
  public int readInt() throws IOException {
    need(4);
    int p = pos;
    pos += 4;
    return (buf[p] & 0xFF) << 24
        | (buf[p + 1] & 0xFF) << 16
        | (buf[p + 2] & 0xFF) << 8
        | (buf[p + 3] & 0xFF);
  }

  @Override
  public long readLong() throws IOException {
    need(8);
    long hi = readInt() & 0xFFFF_FFFFL;
    long lo = readInt() & 0xFFFF_FFFFL;
    return hi << 32 | lo;
  }

  /**
   * Reads {@code [int n][n bytes of UTF-8]}.
   *
   * @throws IOException if {@code n} is negative or beyond the input
   */
  public String readUtf8() throws IOException {
    int n = readInt();
    if (n < 0 || n > end - pos) {
      throw new IOException("bad string length " + n);
    }
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }
}
