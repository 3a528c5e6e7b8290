package org.dsuite.rainstorm.engine.log;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.CRC32C;
import org.dsuite.rainstorm.engine.core.LogRecord;

/**
 * Frames records as {@code [int length][int crc32c][payload]}. A reader that finds a short frame or
 * a CRC mismatch stops there: that is a torn last write, not data.
 */
final class RecordFraming {
  static final int HEADER_BYTES = 8;

  /** Largest payload accepted: a corrupt length must not allocate gigabytes. */
  static final int MAX_FRAME_BYTES = 64 << 20;

  /** A growable buffer whose array is read in place (no copy per record). */
  private static final class Scratch extends ByteArrayOutputStream {
    Scratch() {
      super(256);
    }

    byte[] array() {
      return buf;
    }
  }

  private final Scratch scratch = new Scratch();
  private final DataOutputStream scratchOut = new DataOutputStream(scratch);
  private final CRC32C crc = new CRC32C();

  /** Appends the framed encoding of {@code r} to {@code into}; returns the bytes added. */
  int frame(LogRecord r, ByteArrayOutputStream into) throws IOException {
    scratch.reset();
    LogCodec.writeRecord(scratchOut, r);
    scratchOut.flush();
    int n = scratch.size();
    if (n > MAX_FRAME_BYTES) {
      throw new IOException("record of " + n + " bytes exceeds " + MAX_FRAME_BYTES);
    }
    crc.reset();
    byte[] buf = scratch.array();
    crc.update(buf, 0, n);
    writeInt(into, n);
    writeInt(into, (int) crc.getValue());
    into.write(buf, 0, n);
    return HEADER_BYTES + n;
  }

  static int crcOf(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }

  private static void writeInt(ByteArrayOutputStream o, int v) {
    o.write(v >>> 24);
    o.write(v >>> 16);
    o.write(v >>> 8);
    o.write(v);
  }
}
