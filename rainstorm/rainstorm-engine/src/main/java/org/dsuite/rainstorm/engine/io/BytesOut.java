package org.dsuite.rainstorm.engine.io;

import java.io.DataOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that is a {@link DataOutput} (big-endian, like {@link
 * java.io.DataOutputStream}) without its costs on the hot path: no lock per call ({@link
 * java.io.ByteArrayOutputStream} synchronizes every write, and {@code DataOutputStream.writeInt}
 * makes four such calls), and strings are written with their length in one pass ({@link
 * #writeUtf8}). Frames and log records are encoded into one reused instance and handed on with a
 * single {@link #writeTo} or {@link #array()} copy. Single-threaded.
 */
public final class BytesOut implements DataOutput {
  private byte[] buf;
  private int size;

  public BytesOut(int initialBytes) {
    buf = new byte[Math.max(16, initialBytes)];
  }

  public int size() {
    return size;
  }

  public void reset() {
    size = 0;
  }

  /** The backing array; valid up to {@link #size()} until the next write. */
  public byte[] array() {
    return buf;
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(buf, 0, size);
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      long want = Math.max((long) buf.length * 2, (long) size + more);
      if (want > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("buffer beyond 2 GB");
      }
      buf = Arrays.copyOf(buf, (int) want);
    }
  }

  /** Overwrites 4 bytes at {@code at} (a length written before its content was known). */
  public void patchInt(int at, int v) {
    buf[at] = (byte) (v >>> 24);
    buf[at + 1] = (byte) (v >>> 16);
    buf[at + 2] = (byte) (v >>> 8);
    buf[at + 3] = (byte) v;
  }

  /** Writes {@code [int n][n bytes of UTF-8]} for {@code s}. */
  public void writeUtf8(String s) {
    ensure(4);
    int lenAt = size;
    size += 4;
    appendUtf8(s);
    patchInt(lenAt, size - lenAt - 4);
  }

  /**
   * Writes the UTF-8 bytes of {@code s} with no length. Uses {@code String.getBytes}: for the usual
   * Latin-1 string the JDK checks and copies its bytes with vectorized intrinsics; a char-by-char
   * encoder here was the top frame of the task threads' profile (docs/benchmarks-rainstorm.md). The
   * short-lived array it allocates is cheap.
   */
  public void appendUtf8(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    write(b, 0, b.length);
  }

  @Override
  public void write(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  @Override
  public void writeBoolean(boolean v) {
    write(v ? 1 : 0);
  }

  @Override
  public void writeByte(int v) {
    write(v);
  }

  @Override
  public void writeShort(int v) {
    ensure(2);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
  }

  @Override
  public void writeChar(int v) {
    writeShort(v);
  }

  @Override
  public void writeInt(int v) {
    ensure(4);
    patchInt(size, v);
    size += 4;
  }

  @Override
  public void writeLong(long v) {
    ensure(8);
    byte[] b = buf;
    int p = size;
    b[p] = (byte) (v >>> 56);
    b[p + 1] = (byte) (v >>> 48);
    b[p + 2] = (byte) (v >>> 40);
    b[p + 3] = (byte) (v >>> 32);
    b[p + 4] = (byte) (v >>> 24);
    b[p + 5] = (byte) (v >>> 16);
    b[p + 6] = (byte) (v >>> 8);
    b[p + 7] = (byte) v;
    size = p + 8;
  }

  @Override
  public void writeFloat(float v) {
    writeInt(Float.floatToIntBits(v));
  }

  @Override
  public void writeDouble(double v) {
    writeLong(Double.doubleToLongBits(v));
  }

  @Override
  public void writeBytes(String s) {
    for (int i = 0; i < s.length(); i++) {
      write(s.charAt(i));
    }
  }

  @Override
  public void writeChars(String s) {
    for (int i = 0; i < s.length(); i++) {
      writeChar(s.charAt(i));
    }
  }

  /** Not supported: modified UTF-8 is not used by any format here. */
  @Override
  public void writeUTF(String s) throws IOException {
    throw new UTFDataFormatException("modified UTF-8 is not used; see writeUtf8");
  }
}
