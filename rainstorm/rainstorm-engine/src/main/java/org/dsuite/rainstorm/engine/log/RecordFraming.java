package org.dsuite.rainstorm.engine.log;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.CRC32C;
import org.dsuite.rainstorm.engine.core.LogRecord;
import org.dsuite.rainstorm.engine.io.BytesOut;

/**
 * Frames records as {@code [int length][int crc32c][payload]}. A reader that finds a short frame or
 * a CRC mismatch stops there: that is a torn last write, not data.
 */
final class RecordFraming {
  static final int HEADER_BYTES = 8;

  /** Largest payload accepted: a corrupt length must not allocate gigabytes. */
  static final int MAX_FRAME_BYTES = 64 << 20;

  // Header placeholder, record, then header patched: one copy into the caller's buffer.
  private final BytesOut scratch = new BytesOut(64 << 10);
  private final CRC32C crc = new CRC32C();
  private final CompactProcessed.Writer compact = new CompactProcessed.Writer();

  /** Appends the framed encoding of {@code r} to {@code into}; returns the bytes added. */
  int frame(LogRecord r, ByteArrayOutputStream into) throws IOException {
    scratch.reset();
    scratch.writeLong(0);
    LogCodec.writeRecord(scratch, r, compact);
    int n = scratch.size() - HEADER_BYTES;
    if (n > MAX_FRAME_BYTES) {
      throw new IOException("record of " + n + " bytes exceeds " + MAX_FRAME_BYTES);
    }
    crc.reset();
    byte[] buf = scratch.array();
    crc.update(buf, HEADER_BYTES, n);
    scratch.patchInt(0, n);
    scratch.patchInt(4, (int) crc.getValue());
    into.write(buf, 0, HEADER_BYTES + n);
    return HEADER_BYTES + n;
  }

  static int crcOf(byte[] b, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(b, off, len);
    return (int) c.getValue();
  }
}
