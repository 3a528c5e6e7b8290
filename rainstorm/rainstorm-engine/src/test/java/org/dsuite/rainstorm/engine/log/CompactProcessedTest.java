package org.dsuite.rainstorm.engine.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.LogRecord;
import org.dsuite.rainstorm.engine.core.Output;
import org.dsuite.rainstorm.engine.core.StateChange;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.dsuite.rainstorm.engine.io.BytesIn;
import org.dsuite.rainstorm.engine.io.BytesOut;
import org.junit.jupiter.api.Test;

class CompactProcessedTest {
  private static final String[] KEYS = {"Streetname", "Regulatory", "Parking", "", "é€😀"};

  /** A random batch: streams that change mid-record, gaps, removals, contentless outputs. */
  private static LogRecord.Processed randomRecord(Random r) {
    int n = 1 + r.nextInt(r.nextBoolean() ? 4 : 300);
    List<LogRecord.Entry> entries = new ArrayList<>();
    long hi = r.nextLong();
    long lo = r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(1000);
    long[] outLo = new long[4];
    for (int i = 0; i < 4; i++) {
      outLo[i] = r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(100);
    }
    long stamp = r.nextBoolean() ? -1 : 1_795_000_000_000_000L + r.nextInt(1000);
    for (int i = 0; i < n; i++) {
      if (r.nextInt(20) == 0) {
        hi = r.nextInt(3) == 0 ? 0 : r.nextLong(); // another stream (0 = source lines)
      }
      lo += r.nextInt(10) == 0 ? r.nextLong() : 1 + r.nextInt(3); // usually close, sometimes far
      TupleId input = new TupleId(hi, lo);
      List<StateChange> changes = new ArrayList<>();
      for (int c = r.nextInt(3); c > 0; c--) {
        String key = KEYS[r.nextInt(KEYS.length)];
        changes.add(new StateChange(key, r.nextInt(5) == 0 ? null : key + "," + r.nextLong()));
      }
      List<Output> outputs = new ArrayList<>();
      for (int k = r.nextInt(3); k > 0; k--) {
        int to = r.nextInt(4);
        outLo[to] += r.nextInt(10) == 0 ? r.nextLong() : 1;
        TupleId id = new TupleId(TupleId.stream(1, 2, to, r.nextInt(2)), outLo[to]);
        if (r.nextInt(4) == 0 && lo >= 0) {
          outputs.add(Output.contentless(id, to, r.nextBoolean() ? lo : r.nextInt(1 << 20)));
        } else {
          stamp = r.nextInt(8) == 0 ? -1 : stamp + r.nextInt(5000);
          String key = KEYS[r.nextInt(KEYS.length)];
          outputs.add(new Output(new DataTuple(id, key, key + "," + i, stamp), to));
        }
      }
      entries.add(new LogRecord.Entry(input, changes, outputs));
    }
    return new LogRecord.Processed(r.nextInt(1 << 30) + 1L, r.nextInt(5) - 1, entries);
  }

  private static byte[] encode(LogRecord r) throws IOException {
    BytesOut out = new BytesOut(256);
    LogCodec.writeRecord(out, r);
    return Arrays.copyOf(out.array(), out.size());
  }

  private static LogRecord decode(byte[] b) throws IOException {
    return LogCodec.readRecord(new BytesIn(b, 0, b.length));
  }

  @Property(tries = 300)
  void compactRecordsDecodeToWhatWasWritten(@ForAll long seed) throws IOException {
    LogRecord.Processed p = randomRecord(new Random(seed));
    byte[] b = encode(p);
    assertThat(b[0]).isEqualTo(LogCodec.PROCESSED_COMPACT);
    assertThat(decode(b)).isEqualTo(p);
  }

  @Property(tries = 100)
  void fixedWidthRecordsOfEarlierLogsAreStillRead(@ForAll long seed) throws IOException {
    LogRecord.Processed p = randomRecord(new Random(seed));
    BytesOut out = new BytesOut(256);
    LogCodec.writeFixedWidth(out, p);
    assertThat(out.array()[0]).isEqualTo(LogCodec.PROCESSED);
    assertThat(decode(Arrays.copyOf(out.array(), out.size()))).isEqualTo(p);
  }

  @Property(tries = 100)
  void aTruncatedRecordIsAnIoErrorNotAnotherRecord(@ForAll long seed) throws IOException {
    Random r = new Random(seed);
    byte[] b = encode(randomRecord(r));
    byte[] cut = Arrays.copyOf(b, r.nextInt(b.length));
    assertThatThrownBy(() -> decode(cut)).isInstanceOf(IOException.class);
  }

  /**
   * An App2 count-by batch (a running count per Category; every input one state change and one
   * output to the sink) and the sink's batch: the compact form is under 40 % of the fixed-width
   * one.
   */
  @Test
  void countByAndSinkBatchesShrinkToUnderFortyPercent() throws IOException {
    long upstream = TupleId.stream(0, 1, 1, 0);
    long toSink = TupleId.stream(1, 1, 0, 0);
    long sinkOut = TupleId.stream(2, 0, 0, 0);
    List<LogRecord.Entry> countBy = new ArrayList<>();
    List<LogRecord.Entry> sink = new ArrayList<>();
    long stamp = 1_795_558_949_922_000L;
    for (int i = 1; i <= 500; i++) {
      String key = KEYS[i % 3];
      String row = key + "," + (1000 + i);
      String count = new String(new byte[] {0, 0, 0, 0, 0, 0, 3, (byte) i}, "ISO-8859-1");
      stamp += 7;
      countBy.add(
          new LogRecord.Entry(
              TupleId.sequenced(upstream, 40_000 + i),
              List.of(new StateChange(key, count)),
              List.of(
                  new Output(
                      new DataTuple(TupleId.sequenced(toSink, 9_000 + i), key, row, stamp), 0))));
      sink.add(
          new LogRecord.Entry(
              TupleId.sequenced(toSink, 9_000 + i),
              List.of(),
              List.of(
                  new Output(
                      new DataTuple(TupleId.sequenced(sinkOut, 20_000 + i), key, row, stamp), 0))));
    }
    for (List<LogRecord.Entry> batch : List.of(countBy, sink)) {
      LogRecord.Processed p = new LogRecord.Processed(7, 1, batch);
      BytesOut fixed = new BytesOut(256);
      LogCodec.writeFixedWidth(fixed, p);
      byte[] compact = encode(p);
      assertThat(decode(compact)).isEqualTo(p);
      assertThat((double) compact.length).isLessThan(0.4 * fixed.size());
    }
  }

  @Test
  void varintsAndZigzagCoverTheWholeRange() throws IOException {
    long[] values = {0, 1, -1, 63, -64, 127, 128, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 62};
    for (long v : values) {
      BytesOut out = new BytesOut(16);
      CompactProcessed.writeVarlong(out, CompactProcessed.zigzag(v));
      BytesIn in = new BytesIn(out.array(), 0, out.size());
      assertThat(CompactProcessed.unzigzag(CompactProcessed.readVarlong(in))).isEqualTo(v);
      assertThat(in.remaining()).isZero();
    }
    byte[] tooLong = new byte[11];
    Arrays.fill(tooLong, (byte) 0x80);
    assertThatThrownBy(
            () ->
                CompactProcessed.readVarlong(
                    new DataInputStream(new java.io.ByteArrayInputStream(tooLong))))
        .isInstanceOf(IOException.class);
  }
}
