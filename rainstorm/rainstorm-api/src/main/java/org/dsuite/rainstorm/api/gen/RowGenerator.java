package org.dsuite.rainstorm.api.gen;

import java.io.IOException;
import org.dsuite.rainstorm.api.job.Dataset;

/** Writes the rows of one dataset, deterministically from a seed. */
interface RowGenerator {
  Dataset dataset();

  /** Appends data row {@code row} (0-based, after the header) without the line terminator. */
  void appendRow(long row, AsciiBuffer out) throws IOException;
}
