package org.dsuite.grep.scan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import org.dsuite.grep.match.Bytes;
import org.dsuite.grep.match.CompiledQuery;
import org.dsuite.grep.match.LineSelector;
import org.dsuite.grep.match.QueryBudget;

/**
 * Scans one file in large windows read into a reused direct buffer, asking a {@link LineSelector}
 * for the next selected line and producing GNU grep's output around it: {@code -m}, after and
 * before context, group boundaries, line numbers (newlines are counted only between printed lines,
 * eight bytes at a time). A window ends at its last newline; the next window is read from the start
 * of the line {@code B} lines earlier, so before-context never has to look into a discarded window.
 */
public final class FileScanner {
  private final CompiledQuery query;
  private final OutputOptions opts;
  private final QueryBudget budget;
  private final int maxLineBytes;
  private ByteBuffer buf;

  // Per-file state.
  private long bufStart;
  private long lastPrintedEnd;
  private long lineNoPos;
  private long lineNo;
  private long selected;
  private int pendingAfter;
  private boolean stop;

  public FileScanner(
      CompiledQuery query,
      OutputOptions opts,
      QueryBudget budget,
      int bufferBytes,
      int maxLineBytes) {
    this.query = query;
    this.opts = opts;
    this.budget = budget;
    this.maxLineBytes = maxLineBytes;
    this.buf = ByteBuffer.allocateDirect(bufferBytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Scans a file from its start; returns the number of selected lines (capped by {@code -m}). */
  public long scan(FileChannel ch, ScanOutput out) throws IOException {
    bufStart = 0;
    lastPrintedEnd = -1;
    lineNoPos = 0;
    lineNo = 1;
    selected = 0;
    pendingAfter = 0;
    stop = opts.maxCount() == 0;
    LineSelector selector = query.selector(budget);
    selector.lineStartsNeeded(opts.printsLines());
    long procFrom = 0;
    while (!stop) {
      budget.check();
      buf.clear();
      boolean eof = false;
      while (buf.hasRemaining()) {
        int r = ch.read(buf, bufStart + buf.position());
        if (r < 0) {
          eof = true;
          break;
        }
      }
      int len = buf.position();
      selector.newWindow();
      int p = (int) (procFrom - bufStart);
      int procEnd = len;
      if (!eof) {
        int nl = Bytes.lastIndexOf(buf, p, len, (byte) '\n');
        if (nl < 0) {
          growForLongLine();
          continue;
        }
        procEnd = nl + 1;
      }
      window(selector, out, p, procEnd);
      if (eof) {
        break;
      }
      procFrom = bufStart + procEnd;
      int low = (int) Math.max(0, lastPrintedEnd - bufStart);
      int q = procEnd;
      for (int k = 0; k < opts.beforeContext() && q > low; k++) {
        q = lineStartBefore(q, low);
      }
      advanceLineNumber(q);
      bufStart += q;
    }
    return selected;
  }

  private void growForLongLine() throws IOException {
    if (buf.capacity() >= maxLineBytes) {
      throw new IOException("a line is longer than the limit of " + maxLineBytes + " bytes");
    }
    int cap = (int) Math.min((long) maxLineBytes, 2L * buf.capacity());
    buf = ByteBuffer.allocateDirect(cap).order(ByteOrder.LITTLE_ENDIAN);
  }

  private void window(LineSelector selector, ScanOutput out, int p, int procEnd)
      throws IOException {
    long max = opts.maxCount() < 0 ? Long.MAX_VALUE : opts.maxCount();
    boolean printLines = opts.printsLines();
    int after = printLines ? opts.afterContext() : 0;
    while (p < procEnd) {
      if (selected >= max) {
        if (pendingAfter == 0) {
          stop = true;
          return;
        }
        int e = lineEnd(p, procEnd);
        emit(out, false, p, e);
        pendingAfter--;
        p = e + 1;
        continue;
      }
      int s = selector.nextSelected(buf, p, procEnd);
      int sEnd = selector.lineEnd();
      int limit = s < 0 ? procEnd : s;
      while (pendingAfter > 0 && p < limit) {
        int e = lineEnd(p, limit);
        emit(out, false, p, e);
        pendingAfter--;
        p = e + 1;
      }
      if (s < 0) {
        return;
      }
      selected++;
      if (opts.filesWithMatches()) {
        stop = true;
        return;
      }
      if (printLines) {
        printWithBefore(out, s, sEnd);
        pendingAfter = after;
      }
      p = sEnd + 1;
      if (selected >= max && pendingAfter == 0) {
        stop = true;
        return;
      }
      if ((selected & 1023) == 0) {
        budget.check();
      }
    }
  }

  private void printWithBefore(ScanOutput out, int s, int sEnd) throws IOException {
    int low = (int) Math.max(0, lastPrintedEnd - bufStart);
    int q = s;
    for (int k = 0; k < opts.beforeContext() && q > low; k++) {
      q = lineStartBefore(q, low);
    }
    if (opts.contextEnabled() && bufStart + q != lastPrintedEnd) {
      out.groupBoundary();
    }
    while (q < s) {
      int e = lineEnd(q, s);
      emit(out, false, q, e);
      q = e + 1;
    }
    emit(out, true, s, sEnd);
  }

  /** Start of the line that ends just before line start {@code q}, not below {@code low}. */
  private int lineStartBefore(int q, int low) {
    int nl = Bytes.lastIndexOf(buf, low, q - 1, (byte) '\n');
    return nl < 0 ? low : nl + 1;
  }

  private int lineEnd(int p, int limit) {
    int nl = Bytes.indexOf(buf, p, limit, (byte) '\n');
    return nl < 0 ? limit : nl;
  }

  private void advanceLineNumber(int to) {
    if (opts.lineNumbers()) {
      lineNo += Bytes.countNewlines(buf, (int) (lineNoPos - bufStart), to);
      lineNoPos = bufStart + to;
    }
  }

  private void emit(ScanOutput out, boolean isSelected, int s, int e) throws IOException {
    advanceLineNumber(s);
    out.line(isSelected, opts.lineNumbers() ? lineNo : 0, buf, s, e);
    lastPrintedEnd = bufStart + e + 1;
  }
}
