package org.dsuite.rainstorm.api.gen;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A byte buffer for ASCII text that drains to an {@link OutputStream} when full. Generated rows are
 * pure ASCII, so characters are narrowed to bytes directly instead of going through a charset
 * encoder, which is what makes generation run at millions of rows per second.
 */
final class AsciiBuffer {
  private static final byte[] HEX =
      "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private final OutputStream out;
  private final byte[] buf;
  private int pos;

  AsciiBuffer(OutputStream out, int capacity) {
    this.out = out;
    this.buf = new byte[capacity];
  }

  /** Makes room for {@code n} more bytes. */
  private void reserve(int n) throws IOException {
    if (pos + n > buf.length) {
      flushBuffer();
      if (n > buf.length) {
        throw new IOException("a single field of " + n + " bytes exceeds the buffer");
      }
    }
  }

  AsciiBuffer append(String s) throws IOException {
    int n = s.length();
    reserve(n);
    for (int i = 0; i < n; i++) {
      buf[pos++] = (byte) s.charAt(i);
    }
    return this;
  }

  AsciiBuffer append(char c) throws IOException {
    reserve(1);
    buf[pos++] = (byte) c;
    return this;
  }

  /** A non-negative or negative long in decimal. */
  AsciiBuffer append(long v) throws IOException {
    reserve(20);
    if (v < 0) {
      buf[pos++] = '-';
      v = -v;
    }
    appendDigits(v, 0);
    return this;
  }

  /** {@code v} in decimal, left-padded with zeros to at least {@code width} digits. */
  AsciiBuffer appendPadded(long v, int width) throws IOException {
    reserve(Math.max(width, 20));
    appendDigits(v, width);
    return this;
  }

  private void appendDigits(long v, int width) {
    int start = pos;
    do {
      buf[pos++] = (byte) ('0' + (v % 10));
      v /= 10;
    } while (v > 0);
    while (pos - start < width) {
      buf[pos++] = '0';
    }
    for (int i = start, j = pos - 1; i < j; i++, j--) {
      byte t = buf[i];
      buf[i] = buf[j];
      buf[j] = t;
    }
  }

  /** The low {@code digits} hex digits of {@code v}, upper case. */
  AsciiBuffer appendHex(long v, int digits) throws IOException {
    reserve(digits);
    for (int i = digits - 1; i >= 0; i--) {
      buf[pos + i] = HEX[(int) (v & 0xF)];
      v >>>= 4;
    }
    pos += digits;
    return this;
  }

  void flushBuffer() throws IOException {
    out.write(buf, 0, pos);
    pos = 0;
  }
}
