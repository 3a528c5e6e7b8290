package org.dsuite.swim.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads wire primitives with a bounds check on every read; bad input is a checked exception. */
final class WireReader {
  private final byte[] buf;
  private final int end;
  private int pos;

  WireReader(byte[] buf, int offset, int end) {
    this.buf = buf;
    this.pos = offset;
    this.end = end;
  }

  int remaining() {
    return end - pos;
  }

  private void need(int n) throws MalformedPacketException {
    if (n < 0 || n > end - pos) {
      throw new MalformedPacketException("truncated packet");
    }
  }

  int u8() throws MalformedPacketException {
    need(1);
    return buf[pos++] & 0xFF;
  }

  int u16() throws MalformedPacketException {
    return (u8() << 8) | u8();
  }

  long u64() throws MalformedPacketException {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | u8();
    }
    return v;
  }

  long varlong() throws MalformedPacketException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = u8();
      if ((b == 0 && shift > 0) || (shift == 63 && b > 1)) {
        throw new MalformedPacketException("non-canonical varint"); // one value, one encoding
      }
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new MalformedPacketException("varint too long");
  }

  /** A non-negative varint no larger than {@code max}. */
  int count(int max) throws MalformedPacketException {
    long v = varlong();
    if (v < 0 || v > max) {
      throw new MalformedPacketException("count " + v + " out of range 0.." + max);
    }
    return (int) v;
  }

  String string(int maxBytes) throws MalformedPacketException {
    int n = count(Math.min(maxBytes, remaining()));
    need(n);
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(buf, pos, n))
              .toString();
      pos += n;
      return s;
    } catch (CharacterCodingException e) {
      throw new MalformedPacketException("invalid UTF-8");
    }
  }
}
