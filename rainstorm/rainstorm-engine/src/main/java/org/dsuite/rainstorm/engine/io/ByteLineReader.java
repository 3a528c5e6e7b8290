package org.dsuite.rainstorm.engine.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads lines from a byte stream with {@link java.io.BufferedReader#readLine()}'s rules (a line
 * ends at {@code \n}, {@code \r} or {@code \r\n}; a last line without terminator counts) but can
 * also {@link #skip} a line without decoding it, and tells where the next line starts in the byte
 * stream ({@link #nextLineStart()}), which byte-range splits need ({@link SplitLineReader}). UTF-8
 * only.
 */
final class ByteLineReader implements StreamFileSystem.LineReader {
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
    int start = lineEnd();
    if (start < 0) {
      return null;
    }
    return new String(buf, start, endOfContent - start, StandardCharsets.UTF_8);
  }

  @Override
  public boolean skip() throws IOException {
    return lineEnd() >= 0;
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

  private int endOfContent;

  /**
   * Finds the next line: returns its start in {@code buf} and sets {@code endOfContent} (the
   * terminator excluded) and {@code pos} past the terminator; -1 at the end of the input.
   */
  private int lineEnd() throws IOException {
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
      for (int i = scan; i < limit; i++) {
        byte b = buf[i];
        if (b == '\n' || b == '\r') {
          int start = pos;
          endOfContent = i;
          pos = i + 1;
          skipLf = b == '\r';
          line++;
          return start;
        }
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
