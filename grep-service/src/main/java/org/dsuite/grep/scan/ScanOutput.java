package org.dsuite.grep.scan;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where {@link FileScanner} sends the lines it prints. */
public interface ScanOutput {
  /**
   * One output line: bytes {@code [s, e)} of {@code buf} (without the newline).
   *
   * @param selected true for a selected line, false for a context line
   * @param lineNo 1-based line number, or 0 when numbers are not tracked
   */
  void line(boolean selected, long lineNo, ByteBuffer buf, int s, int e) throws IOException;

  /** A group of lines starts that is not adjacent to the last printed one. */
  void groupBoundary() throws IOException;
}
