package org.dsuite.rainstorm.engine.io;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads lines from a byte stream with {@link java.io.BufferedReader#readLine()}'s rules (a line
 * ends at {@code \n}, {@code \r} or {@code \r\n}; a last line without terminator counts) but can
 * also {@link #skip} a line without decoding it, and tells where the next line starts in the byte
 * stream ({@link #nextLineStart()}), which byte-range splits need ({@link SplitLineReader}). UTF-8
 * only.
 */
final class ByteLineReader implements StreamFileSystem.RawLineReader {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long LFS = 0x0A0A0A0A0A0A0A0AL;
  private static final long CRS = 0x0D0D0D0D0D0D0D0DL;

  private final InputStream in;
  private byte[] buf;
  private int pos;
  private int limit;
  private boolean eof;
  private boolean skipLf; // the previous line ended in \r: a \n right after belongs to it
  private long line;
  private long base; // stream offset of buf[0]

  ByteLineReader(InputStream in, int bufferBytes) {
    this.in = in;
    this.buf = new byte[bufferBytes];
  }

  @Override
  public String next() throws IOException {
    int start = findLine();
    if (start < 0) {
      return null;
    }
    return new String(buf, start, endOfContent - start, StandardCharsets.UTF_8);
  }

  @Override
  public boolean skip() throws IOException {
    return findLine() >= 0;
  }

  @Override
  public boolean advance() throws IOException {
    lineStart = findLine();
    return lineStart >= 0;
  }

  @Override
  public byte[] lineBytes() {
    return buf;
  }

  @Override
  public int lineStart() {
    return lineStart;
  }

  @Override
  public int lineEnd() {
    return endOfContent;
  }

  @Override
  public String decode() {
    return new String(buf, lineStart, endOfContent - lineStart, StandardCharsets.UTF_8);
  }

  @Override
  public long lineNumber() {
    return line;
  }

  /**
   * The stream offset where the next line starts (the input's length at its end). Resolves a
   * pending {@code \r\n}: the {@code \n} belongs to the line before.
   */
  long nextLineStart() throws IOException {
    if (skipLf) {
      if (pos == limit && !fill()) {
        return base + pos;
      }
      skipLf = false;
      if (buf[pos] == '\n') {
        pos++;
      }
    }
    return base + pos;
  }

  /**
   * Passes over every line that starts before stream offset {@code offset}, as calling {@link
   * #skip()} while {@link #nextLineStart()} is below it would; false if the input ended first.
   * Where eight bytes hold no {@code \r}, their line feeds are counted in one step (a split's
   * reader passes over every line before its range), so a run of lines costs a few operations per
   * eight bytes, not a call per line.
   */
  boolean skipLinesBefore(long offset) throws IOException {
    while (nextLineStart() < offset) {
      int end = (int) Math.min(limit, offset - base);
      int lastLf = -1;
      long count = 0;
      for (int i = pos; i + 8 <= end; i += 8) {
        long w = (long) LONGS.get(buf, i);
        if (zeros(w ^ CRS) != 0) {
          break; // \r and \r\n: line by line below
        }
        long lf = zeros(w ^ LFS);
        if (lf != 0) {
          count += Long.bitCount(lf);
          lastLf = i + 7 - (Long.numberOfLeadingZeros(lf) >>> 3);
        }
      }
      if (lastLf >= 0) {
        // Each \n below the offset ends a line that starts below it.
        line += count;
        pos = lastLf + 1;
      } else if (!skip()) {
        return false;
      }
    }
    return true;
  }

  /** The high bit of each byte of {@code x} that is zero, and no other bit (no borrows). */
  private static long zeros(long x) {
    return ~(((x & ~HIGHS) + ~HIGHS) | x) & HIGHS;
  }

  private int endOfContent;
  private int lineStart = -1; // of the line advance() moved to

  /**
   * Finds the next line: returns its start in {@code buf} and sets {@code endOfContent} (the
   * terminator excluded) and {@code pos} past the terminator; -1 at the end of the input.
   */
  private int findLine() throws IOException {
    int scan = pos;
    while (true) {
      if (skipLf) {
        if (pos == limit && !fill()) {
          return -1;
        }
        skipLf = false;
        if (buf[pos] == '\n') {
          pos++;
        }
        scan = pos;
      }
      int i = indexOfEol(buf, scan, limit);
      if (i >= 0) {
        int start = pos;
        endOfContent = i;
        pos = i + 1;
        skipLf = buf[i] == '\r';
        line++;
        return start;
      }
      scan = limit - pos; // bytes already scanned, relative to the line start after fill
      if (!fill()) {
        if (pos == limit) {
          return -1;
        }
        int start = pos;
        endOfContent = limit;
        pos = limit;
        line++;
        return start;
      }
      scan += pos;
    }
  }

  /**
   * The index of the first {@code \n} or {@code \r} in {@code b[from, to)}, or -1. Eight bytes at a
   * time (SWAR): a byte-by-byte loop here was the source tasks' top frame in the profile (every
   * source task scans the lines before its split as well as its own). For {@code w ^ c}, the
   * expression {@code (x - 0x01..) & ~x & 0x80..} flags each zero byte, plus possibly bytes above a
   * flagged one (borrows); in little-endian order the lowest flag is therefore always a true match.
   */
  static int indexOfEol(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = (long) LONGS.get(b, i);
      long x = w ^ LFS;
      long y = w ^ CRS;
      long hit = ((x - ONES) & ~x | (y - ONES) & ~y) & HIGHS;
      if (hit != 0) {
        return i + (Long.numberOfTrailingZeros(hit) >>> 3);
      }
    }
    for (; i < to; i++) {
      byte c = b[i];
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return -1;
  }

  /** Moves the unread bytes to the front, grows the buffer if full, reads more; false at EOF. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      base += pos;
      pos = 0;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
      return false;
    }
    limit += n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
