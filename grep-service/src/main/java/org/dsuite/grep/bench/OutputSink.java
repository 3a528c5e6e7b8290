package org.dsuite.grep.bench;

import java.io.OutputStream;

/** Discards bytes but counts them, so the JIT cannot skip producing the output. */
final class OutputSink extends OutputStream {
  static final OutputSink NULL = new OutputSink();

  private long bytes;
  private long lines;

  @Override
  public void write(int b) {
    bytes++;
    if (b == '\n') {
      lines++;
    }
  }

  @Override
  public void write(byte[] b, int off, int len) {
    bytes += len;
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        lines++;
      }
    }
  }

  long lines() {
    return lines;
  }

  long bytes() {
    return bytes;
  }
}
