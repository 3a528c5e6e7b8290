package org.dsuite.rainstorm.engine.cli;

import java.io.IOException;
import java.io.PrintStream;
import org.dsuite.rainstorm.engine.io.StreamFileSystem;

/**
 * Streams a running job's destination to the console: prints the bytes the sink has made final (the
 * destination length its log holds as acknowledged, which a restarted sink never cuts below) as
 * they appear. Bytes past that point may still be truncated and rewritten by a restarted sink, so
 * they are not shown until the sink confirms them or the job is DONE. Final lengths always end at a
 * line boundary (the sink flushes whole lines), so only whole lines are printed.
 */
final class DestinationTail {
  /** Bytes read per call: bounds the follower's memory, the next sample reads the rest. */
  static final int CHUNK_BYTES = 1 << 20;

  private final StreamFileSystem fs;
  private final String file;
  private final PrintStream out;
  private long printed;

  DestinationTail(StreamFileSystem fs, String file, PrintStream out) {
    this.fs = fs;
    this.file = file;
    this.out = out;
  }

  /** Prints what lies between the last printed byte and {@code finalBytes}. */
  void printUpTo(long finalBytes) throws IOException {
    while (printed < finalBytes) {
      int want = (int) Math.min(CHUNK_BYTES, finalBytes - printed);
      byte[] b = fs.exists(file) ? fs.read(file, printed, want) : new byte[0];
      if (b.length == 0) {
        return; // not visible to readers yet
      }
      out.write(b, 0, b.length);
      printed += b.length;
    }
    out.flush();
  }

  /** The job is DONE and the destination closed: prints everything not printed yet. */
  void printRest() throws IOException {
    while (true) {
      byte[] b = fs.read(file, printed, CHUNK_BYTES);
      if (b.length == 0) {
        break;
      }
      out.write(b, 0, b.length);
      printed += b.length;
    }
    out.flush();
  }

  boolean behind(long finalBytes) {
    return printed < finalBytes;
  }

  long printed() {
    return printed;
  }
}
