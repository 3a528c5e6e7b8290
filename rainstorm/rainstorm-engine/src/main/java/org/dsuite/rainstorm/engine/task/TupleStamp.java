package org.dsuite.rainstorm.engine.task;

/**
 * Carries a tuple's source timestamp (wall-clock microseconds, {@link WallMicros}) through the
 * stages in the engine's tuple key, as {@code KEY + '\u001F' + micros}. The stamp travels where the
 * key travels (data-plane frames, task logs, snapshots), so an output replayed from a log after a
 * crash keeps the stamp of the source read that caused it. Operators never see it: {@link
 * OperatorTaskLogic} strips it before calling the operator and puts the input's stamp on every
 * output. A key without a separator has no stamp ({@link #micros} returns -1).
 */
public final class TupleStamp {
  /** ASCII unit separator: never part of a CSV line's key (file:line or a column value). */
  static final char SEP = '\u001F';

  private TupleStamp() {}

  public static String stamp(String key, long micros) {
    return key + SEP + micros;
  }

  /** The key without its stamp. */
  public static String strip(String key) {
    int i = key.lastIndexOf(SEP);
    return i < 0 ? key : key.substring(0, i);
  }

  /** The stamp, or -1 if the key has none (or a malformed one). */
  public static long micros(String key) {
    int i = key.lastIndexOf(SEP);
    if (i < 0 || i == key.length() - 1) {
      return -1;
    }
    long v = 0;
    for (int j = i + 1; j < key.length(); j++) {
      char c = key.charAt(j);
      if (c < '0' || c > '9' || v > Long.MAX_VALUE / 10 - 10) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
