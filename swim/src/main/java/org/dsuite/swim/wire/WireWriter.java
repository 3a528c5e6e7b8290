package org.dsuite.swim.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Appends the primitives of the wire format (big-endian, LEB128 varints) to a growable array. */
final class WireWriter {
  private byte[] buf;
  private int len;

  WireWriter(int capacity) {
    buf = new byte[capacity];
  }

  private void ensure(int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
  }

  void u8(int v) {
    ensure(1);
    buf[len++] = (byte) v;
  }

  void u16(int v) {
    u8(v >>> 8);
    u8(v);
  }

  void u64(long v) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      u8((int) (v >>> shift));
    }
  }

  void varlong(long v) {
    while ((v & ~0x7FL) != 0) {
      u8((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    u8((int) v);
  }

  void bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  void string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    varlong(b.length);
    bytes(b);
  }

  int length() {
    return len;
  }

  byte[] toArray() {
    return Arrays.copyOf(buf, len);
  }

  static int varlongSize(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      n++;
      v >>>= 7;
    }
    return n;
  }

  static int stringSize(String s) {
    int b = utf8Length(s);
    return varlongSize(b) + b;
  }

  static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
