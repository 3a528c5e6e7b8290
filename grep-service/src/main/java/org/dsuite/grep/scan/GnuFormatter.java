package org.dsuite.grep.scan;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Prints lines exactly as GNU grep does: {@code name:} or {@code name-} (selected or context line)
 * when file names are shown, then {@code lineno:} or {@code lineno-} with {@code -n}, the line and
 * a newline (added even when the file's last line has none), and {@code --} between non-adjacent
 * groups once anything has been printed, across files too.
 */
public final class GnuFormatter implements ScanOutput {
  private final LineBuffer out;
  private final boolean withFilename;
  private final boolean lineNumbers;
  private byte[] fileName = new byte[0];
  private boolean printedAny;

  public GnuFormatter(LineBuffer out, boolean withFilename, boolean lineNumbers) {
    this.out = out;
    this.withFilename = withFilename;
    this.lineNumbers = lineNumbers;
  }

  public void startFile(byte[] name) {
    this.fileName = name;
  }

  @Override
  public void line(boolean selected, long lineNo, ByteBuffer buf, int s, int e) throws IOException {
    byte sep = (byte) (selected ? ':' : '-');
    if (withFilename) {
      out.write(fileName);
      out.write(sep);
    }
    if (lineNumbers) {
      out.writeDecimal(lineNo);
      out.write(sep);
    }
    out.write(buf, s, e);
    out.endLine();
    printedAny = true;
  }

  @Override
  public void groupBoundary() throws IOException {
    if (printedAny) {
      out.write((byte) '-');
      out.write((byte) '-');
      out.endLine();
    }
  }

  /** {@code -c}: {@code name:count} or {@code count}. */
  public void count(long n) throws IOException {
    if (withFilename) {
      out.write(fileName);
      out.write((byte) ':');
    }
    out.writeDecimal(n);
    out.endLine();
  }

  /** {@code -l}: the file name. */
  public void fileName() throws IOException {
    out.write(fileName);
    out.endLine();
  }
}
