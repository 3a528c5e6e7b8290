package org.dsuite.rainstorm.engine.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * Split {@code split} of {@code splits} of a file by byte range: the lines whose first byte lies in
 * {@code [length * split / splits, length * (split + 1) / splits)}. Every line belongs to exactly
 * one split (a line that crosses a boundary belongs to the split it starts in), so the splits
 * together hold each line once, and the same file always splits the same way.
 *
 * <p>Line numbers stay the file's global 1-based numbers, which tuple IDs and keys are built from:
 * the reader counts the lines before its range as it passes them (a byte scan, no decoding), i.e.
 * the split index is computed on open rather than stored. That costs reading the bytes before the
 * range, never those after it; so n splits read (n + 1) / 2 files' worth of bytes together instead
 * of n whole files. (Building IDs from byte offsets would save the prefix too, but the MP4 key is
 * {@code file:lineNumber}.)
 */
final class SplitLineReader implements StreamFileSystem.RawLineReader {
  private final ByteLineReader in;
  private final long from;
  private final long to;
  private boolean positioned;
  private boolean done;

  /**
   * @param stream the file from its first byte
   * @param length the file's length in bytes
   */
  SplitLineReader(InputStream stream, long length, int split, int splits, int bufferBytes) {
    if (splits < 1 || split < 0 || split >= splits || length < 0) {
      throw new IllegalArgumentException(
          "split " + split + " of " + splits + " of " + length + " bytes");
    }
    this.in = new ByteLineReader(stream, bufferBytes);
    this.from = rangeStart(length, split, splits);
    this.to = rangeStart(length, split + 1, splits);
  }

  /** The first byte of split {@code split}. */
  static long rangeStart(long length, int split, int splits) {
    return Math.multiplyExact(length, (long) split) / splits; // exact for files below 2^47 bytes
  }

  /** True when the next line is ours; skips (and counts) the lines before the range first. */
  private boolean atOwnLine() throws IOException {
    if (done) {
      return false;
    }
    if (!positioned) {
      if (!in.skipLinesBefore(from)) {
        done = true;
        return false;
      }
      positioned = true;
    }
    if (in.nextLineStart() >= to) {
      done = true;
      return false;
    }
    return true;
  }

  @Override
  public String next() throws IOException {
    if (!atOwnLine()) {
      return null;
    }
    String line = in.next();
    done = line == null;
    return line;
  }

  @Override
  public boolean skip() throws IOException {
    if (!atOwnLine()) {
      return false;
    }
    done = !in.skip();
    return !done;
  }

  @Override
  public boolean advance() throws IOException {
    if (!atOwnLine()) {
      return false;
    }
    done = !in.advance();
    return !done;
  }

  @Override
  public byte[] lineBytes() {
    return in.lineBytes();
  }

  @Override
  public int lineStart() {
    return in.lineStart();
  }

  @Override
  public int lineEnd() {
    return in.lineEnd();
  }

  @Override
  public String decode() {
    return in.decode();
  }

  @Override
  public long lineNumber() {
    return in.lineNumber();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
