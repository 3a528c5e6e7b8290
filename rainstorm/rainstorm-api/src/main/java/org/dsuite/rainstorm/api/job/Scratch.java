package org.dsuite.rainstorm.api.job;

import org.dsuite.rainstorm.api.csv.CsvRecord;

/**
 * Per-thread parse buffers for {@link StageLogic}'s functions: they may be called from many threads
 * (Spark executors run tasks in parallel), and a buffer per call would allocate a few hundred bytes
 * per row. Static, so the serializable functions do not capture it.
 */
final class Scratch {
  private static final ThreadLocal<CsvRecord> RECORD = ThreadLocal.withInitial(CsvRecord::new);
  private static final ThreadLocal<StringBuilder> BUILDER =
      ThreadLocal.withInitial(() -> new StringBuilder(128));

  private Scratch() {}

  static CsvRecord record() {
    return RECORD.get();
  }

  static StringBuilder builder() {
    return BUILDER.get();
  }
}
