package org.dsuite.rainstorm.api.gen;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import org.dsuite.rainstorm.api.job.Dataset;

/**
 * Writes a generated dataset: the header line, then {@code rows} data rows, each ending in {@code
 * \n}. Deterministic: the same dataset, row count and seed give the same bytes, and a shorter file
 * is a prefix of a longer one with the same seed (rows are drawn in order from one random stream).
 */
public final class DatasetWriter {
  /** Output buffer: large enough that the file system sees few, big writes. */
  private static final int BUFFER_BYTES = 1 << 20;

  private final Dataset dataset;
  private final long seed;

  public DatasetWriter(Dataset dataset, long seed) {
    this.dataset = dataset;
    this.seed = seed;
  }

  /**
   * Writes the header and {@code rows} rows to {@code out} (not closed).
   *
   * @param progress where to report progress every {@code progressEveryRows} rows, or null
   */
  public void write(OutputStream out, long rows, PrintStream progress, long progressEveryRows)
      throws IOException {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0, got " + rows);
    }
    RowGenerator gen = generator();
    AsciiBuffer buf = new AsciiBuffer(out, BUFFER_BYTES);
    buf.append(dataset.schema().headerLine()).append('\n');
    long startNs = System.nanoTime();
    for (long r = 0; r < rows; r++) {
      gen.appendRow(r, buf);
      buf.append('\n');
      if (progress != null && (r + 1) % progressEveryRows == 0 && r + 1 < rows) {
        double s = (System.nanoTime() - startNs) / 1e9;
        progress.printf(
            "%s: %,d / %,d rows (%,.0f rows/s)%n", dataset.id(), r + 1, rows, (r + 1) / s);
      }
    }
    buf.flushBuffer();
    out.flush();
  }

  private RowGenerator generator() {
    return switch (dataset) {
      case TRAFFIC_SIGNS -> new TrafficSignsGenerator(seed);
      case WEB_ACCESS -> new WebAccessGenerator(seed);
    };
  }
}
