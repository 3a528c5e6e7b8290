package org.dsuite.grep.scan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Collects output lines and hands them on in batches of whole lines: when a batch reaches {@code
 * batchBytes}, or when a line ends more than {@code flushIntervalNanos} after the last hand-off (so
 * rare matches are not held back). The sink blocks while it sends, which bounds memory to about one
 * batch per query.
 */
public final class LineBuffer {
  /** Receives one batch; the array is reused after the call returns. */
  @FunctionalInterface
  public interface Sink {
    void accept(byte[] bytes, int length) throws IOException;
  }

  private final Sink sink;
  private final int batchBytes;
  private final long flushIntervalNanos;
  private byte[] data;
  private int size;
  private long lastFlush = System.nanoTime();

  public LineBuffer(Sink sink, int batchBytes, long flushIntervalNanos) {
    this.sink = sink;
    this.batchBytes = batchBytes;
    this.flushIntervalNanos = flushIntervalNanos;
    this.data = new byte[Math.max(256, batchBytes + 1024)];
  }

  private void ensure(int more) {
    if (size + more > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, size + more));
    }
  }

  public void write(byte b) {
    ensure(1);
    data[size++] = b;
  }

  public void write(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, data, size, bytes.length);
    size += bytes.length;
  }

  public void write(ByteBuffer buf, int s, int e) {
    int n = e - s;
    ensure(n);
    buf.get(s, data, size, n);
    size += n;
  }

  /** Writes a non-negative decimal number. */
  public void writeDecimal(long v) {
    ensure(20);
    int start = size;
    do {
      data[size++] = (byte) ('0' + (v % 10));
      v /= 10;
    } while (v > 0);
    for (int i = start, j = size - 1; i < j; i++, j--) {
      byte t = data[i];
      data[i] = data[j];
      data[j] = t;
    }
  }

  /** Ends a line: the batch may now be handed on. */
  public void endLine() throws IOException {
    ensure(1);
    data[size++] = '\n';
    if (size >= batchBytes || System.nanoTime() - lastFlush > flushIntervalNanos) {
      flush();
    }
  }

  public void flush() throws IOException {
    if (size > 0) {
      sink.accept(data, size);
      size = 0;
    }
    lastFlush = System.nanoTime();
  }
}
