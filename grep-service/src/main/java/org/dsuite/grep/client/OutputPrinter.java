package org.dsuite.grep.client;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes hosts' output batches to stdout, each line prefixed with {@code host:}. A batch holds
 * whole lines and is written and flushed under one lock, so lines of different hosts never mix
 * within a line.
 */
final class OutputPrinter {
  private final OutputStream out;
  private byte[] scratch = new byte[1 << 16];

  OutputPrinter(OutputStream out) {
    this.out = out;
  }

  synchronized void print(byte[] prefix, byte[] batch) throws IOException {
    int lines = 0;
    for (byte b : batch) {
      if (b == '\n') {
        lines++;
      }
    }
    int need = batch.length + lines * prefix.length + prefix.length + 1;
    if (scratch.length < need) {
      scratch = new byte[Math.max(need, scratch.length * 2)];
    }
    int n = 0;
    boolean lineStart = true;
    for (byte b : batch) {
      if (lineStart) {
        System.arraycopy(prefix, 0, scratch, n, prefix.length);
        n += prefix.length;
        lineStart = false;
      }
      scratch[n++] = b;
      if (b == '\n') {
        lineStart = true;
      }
    }
    if (!lineStart) {
      scratch[n++] = '\n';
    }
    try {
      out.write(scratch, 0, n);
      out.flush();
    } catch (IOException e) {
      throw new StdoutClosedException(e);
    }
  }

  /**
   * Our own stdout failed (e.g. {@code dgrep ... | head} closed the pipe): not a host's fault, so
   * it must not be reported as one; the whole query stops.
   */
  static final class StdoutClosedException extends java.io.UncheckedIOException {
    private static final long serialVersionUID = 1L;

    StdoutClosedException(IOException cause) {
      super(cause);
    }
  }

  synchronized void printLine(String line) throws IOException {
    out.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    out.flush();
  }
}
