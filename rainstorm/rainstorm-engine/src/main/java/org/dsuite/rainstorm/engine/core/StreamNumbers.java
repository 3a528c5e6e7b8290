package org.dsuite.rainstorm.engine.core;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The numbering of a task's outputs: one stream per downstream task ({@link TupleId#stream}), whose
 * outputs are numbered 1, 2, 3, ... in production order ({@link TupleId#sequenced}). Arrays indexed
 * by downstream task, so numbering an output costs no map lookup or boxing.
 */
final class StreamNumbers {
  private final int stage;
  private final int task;
  private final int incarnation;

  /** Last sequence number given to an output, per downstream task (0 = none yet). */
  private long[] lastSeq = new long[4];

  /** Stream tag per downstream task, computed once; 0 = not yet. */
  private long[] streams = new long[4];

  StreamNumbers(int stage, int task, int incarnation) {
    this.stage = stage;
    this.task = task;
    this.incarnation = incarnation;
  }

  /** The ID of the next output to downstream task {@code toTask}. */
  TupleId next(int toTask) {
    return TupleId.sequenced(stream(toTask), nextSeq(toTask));
  }

  private long stream(int toTask) {
    if (toTask >= streams.length) {
      streams = Arrays.copyOf(streams, Math.max(toTask + 1, streams.length * 2));
    }
    long s = streams[toTask];
    if (s == 0) {
      s = TupleId.stream(stage, task, toTask, incarnation);
      streams[toTask] = s;
    }
    return s;
  }

  private long nextSeq(int toTask) {
    ensureSeq(toTask);
    return ++lastSeq[toTask];
  }

  private void ensureSeq(int toTask) {
    if (toTask >= lastSeq.length) {
      lastSeq = Arrays.copyOf(lastSeq, Math.max(toTask + 1, lastSeq.length * 2));
    }
  }

  /** Recovery: outputs to {@code toTask} were numbered up to at least {@code seq}. */
  void restore(int toTask, long seq) {
    ensureSeq(toTask);
    lastSeq[toTask] = Math.max(lastSeq[toTask], seq);
  }

  /** Last number per downstream task that has any (for a snapshot). */
  Map<Integer, Long> lastSeqMap() {
    Map<Integer, Long> m = new HashMap<>();
    for (int i = 0; i < lastSeq.length; i++) {
      if (lastSeq[i] > 0) {
        m.put(i, lastSeq[i]);
      }
    }
    return m;
  }
}
