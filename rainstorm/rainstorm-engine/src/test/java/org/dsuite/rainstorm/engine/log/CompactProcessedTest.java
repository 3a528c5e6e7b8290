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

  /**
   * ~20 stream tags: 0 (source lines), sequenced stream tags, child-hash IDs' high halves and
   * arbitrary longs, so a record can hold more streams than the codec's initial table (8).
   */
  private static long[] streamPool(Random r) {
    long[] pool = new long[16 + r.nextInt(8)];
    for (int i = 1; i < pool.length; i++) {
      pool[i] =
          switch (i % 3) {
            case 0 -> TupleId.stream(r.nextInt(4), r.nextInt(3), r.nextInt(3), r.nextInt(1 << 20));
            case 1 -> TupleId.ofSourceLine(r.nextInt(1 << 20)).child(r.nextInt(4), i).hi();
            default -> r.nextLong();
          };
    }
    return pool; // pool[0] = 0
  }

  /** A random batch: streams that change mid-record, gaps, removals, contentless outputs. */
  private static LogRecord.Processed randomRecord(Random r) {
    int n = 1 + r.nextInt(r.nextBoolean() ? 4 : 300);
    List<LogRecord.Entry> entries = new ArrayList<>();
    long[] pool = streamPool(r);
    long hi = pool[r.nextInt(pool.length)];
    long lo = r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(1000);
    long[] outLo = new long[pool.length];
    for (int i = 0; i < outLo.length; i++) {
      outLo[i] = r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(100);
    }
    long stamp = r.nextBoolean() ? -1 : 1_795_000_000_000_000L + r.nextInt(1000);
    for (int i = 0; i < n; i++) {
      if (r.nextInt(20) == 0) {
        hi = r.nextInt(3) == 0 ? r.nextLong() : pool[r.nextInt(pool.length)]; // another stream
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
        int stream = r.nextInt(pool.length);
        outLo[stream] += r.nextInt(10) == 0 ? r.nextLong() : 1;
        TupleId id = new TupleId(pool[stream], outLo[stream]);
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

  /**
   * One writer encodes a task's records one after another: nothing of a record leaks into the next.
   */
  @Property(tries = 100)
  void aReusedWriterEncodesEachRecordOnItsOwn(@ForAll long seed) throws IOException {
    Random r = new Random(seed);
    CompactProcessed.Writer shared = new CompactProcessed.Writer();
    for (int k = 0; k < 4; k++) {
      LogRecord.Processed p = randomRecord(r);
      BytesOut out = new BytesOut(256);
      LogCodec.writeRecord(out, p, shared);
      assertThat(decode(Arrays.copyOf(out.array(), out.size()))).isEqualTo(p);
      assertThat(out.size()).isEqualTo(encode(p).length);
    }
  }

  /**
   * A type-3 record built byte by byte from the documented layout (docs/rainstorm.md "Log format"),
   * not with the codec's own writer: logs written before session 8 still read.
   */
  @Test
  void aHandBuiltFixedWidthRecordIsRead() throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream d = new java.io.DataOutputStream(bytes);
    d.writeByte(3);
    d.writeLong(42); // lsn
    d.writeInt(1); // fromTask
    d.writeInt(2); // entries
    d.writeLong(5); // entry 1: input (5, 900)
    d.writeLong(900);
    d.writeInt(1); // one change: Parking -> "x", then its output with content
    d.writeInt(7);
    d.writeBytes("Parking");
    d.writeInt(1);
    d.writeBytes("x");
    d.writeInt(1);
    d.writeLong(6); // output id (6, 3), to task 2, kind 2
    d.writeLong(3);
    d.writeInt(2);
    d.writeByte(2);
    d.writeInt(7);
    d.writeBytes("Parking");
    d.writeInt(9);
    d.writeBytes("Parking,1");
    d.writeLong(123_456); // stamp
    d.writeLong(0); // entry 2: source line 17, a removal, a contentless output
    d.writeLong(17);
    d.writeInt(1);
    d.writeInt(7);
    d.writeBytes("Parking");
    d.writeInt(-1);
    d.writeInt(1);
    d.writeLong(6);
    d.writeLong(4);
    d.writeInt(0);
    d.writeByte(1);
    d.writeLong(17);
    LogRecord.Processed want =
        new LogRecord.Processed(
            42,
            1,
            List.of(
                new LogRecord.Entry(
                    new TupleId(5, 900),
                    List.of(new StateChange("Parking", "x")),
                    List.of(
                        new Output(
                            new DataTuple(new TupleId(6, 3), "Parking", "Parking,1", 123_456), 2))),
                new LogRecord.Entry(
                    new TupleId(0, 17),
                    List.of(new StateChange("Parking", null)),
                    List.of(Output.contentless(new TupleId(6, 4), 0, 17)))));
    assertThat(decode(bytes.toByteArray())).isEqualTo(want);
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
