package org.dsuite.rainstorm.engine.log;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.Dedupe;
import org.dsuite.rainstorm.engine.core.IdRuns;
import org.dsuite.rainstorm.engine.core.LogRecord;
import org.dsuite.rainstorm.engine.core.Output;
import org.dsuite.rainstorm.engine.core.Snapshot;
import org.dsuite.rainstorm.engine.core.StateChange;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.dsuite.rainstorm.engine.io.BytesOut;

/**
 * Binary encoding of log records and snapshots (big-endian, see docs/rainstorm.md "Log format").
 * Strings are a 4-byte length and UTF-8 bytes; a null string has length -1. Decoding checks every
 * length against {@link #MAX_STRING_BYTES} and {@link #MAX_ITEMS}, so a corrupt length cannot make
 * the reader allocate gigabytes.
 */
public final class LogCodec {
  // Types 1 and 2 (one input per record, acked IDs one by one) and 3 (the fixed-width processed
  // record, session 7 and before) are still read, never written.
  static final byte PROCESSED_ONE = 1;
  static final byte ACKED_IDS = 2;
  static final byte PROCESSED = 3;
  static final byte ACKED = 4;
  static final byte PROCESSED_COMPACT = 5;

  /** Longest string a record may hold (a CSV line, key or state value). */
  public static final int MAX_STRING_BYTES = 16 << 20;

  /** Most list or set items in one record or snapshot. */
  public static final int MAX_ITEMS = 100_000_000;

  private LogCodec() {}

  /**
   * Writes {@code r}; a processed record in the compact form (type 5, {@link CompactProcessed}).
   */
  public static void writeRecord(DataOutput out, LogRecord r) throws IOException {
    writeRecord(out, r, new CompactProcessed.Writer());
  }

  /** As {@link #writeRecord(DataOutput, LogRecord)}, reusing {@code compact}'s tables. */
  static void writeRecord(DataOutput out, LogRecord r, CompactProcessed.Writer compact)
      throws IOException {
    if (r instanceof LogRecord.Processed p) {
      out.writeByte(PROCESSED_COMPACT);
      out.writeLong(p.lsn());
      out.writeInt(p.fromTask());
      compact.write(out, p);
    } else if (r instanceof LogRecord.Acked a) {
      out.writeByte(ACKED);
      out.writeLong(a.lsn());
      out.writeLong(a.destOffset());
      IdRuns.write(out, a.outputs());
    } else {
      throw new IllegalArgumentException("unknown record " + r);
    }
  }

  /**
   * The fixed-width processed record (type 3), as written up to session 7: kept so tests can check
   * that such logs are still read.
   */
  static void writeFixedWidth(DataOutput out, LogRecord.Processed p) throws IOException {
    out.writeByte(PROCESSED);
    out.writeLong(p.lsn());
    out.writeInt(p.fromTask());
    List<LogRecord.Entry> entries = p.entries();
    out.writeInt(entries.size());
    for (int i = 0; i < entries.size(); i++) { // indexed: no iterator per record
      writeEntry(out, entries.get(i));
    }
  }

  private static void writeEntry(DataOutput out, LogRecord.Entry e) throws IOException {
    writeId(out, e.input());
    List<StateChange> changes = e.changes();
    out.writeInt(changes.size());
    for (int i = 0; i < changes.size(); i++) { // indexed: no iterator per entry
      writeString(out, changes.get(i).key());
      writeString(out, changes.get(i).value());
    }
    List<Output> outputs = e.outputs();
    out.writeInt(outputs.size());
    for (int i = 0; i < outputs.size(); i++) {
      writeOutput(out, outputs.get(i));
    }
  }

  public static LogRecord readRecord(DataInput in) throws IOException {
    byte type = in.readByte();
    long lsn = in.readLong();
    switch (type) {
      case PROCESSED -> {
        int fromTask = in.readInt();
        int n = count(in);
        if (n == 0) {
          throw new IOException("processed record without inputs");
        }
        List<LogRecord.Entry> entries = new ArrayList<>(Math.min(n, 1 << 16));
        for (int i = 0; i < n; i++) {
          entries.add(readEntry(in));
        }
        return new LogRecord.Processed(lsn, fromTask, entries);
      }
      case PROCESSED_COMPACT -> {
        return CompactProcessed.read(in, lsn, in.readInt());
      }
      case PROCESSED_ONE -> {
        TupleId input = readId(in);
        int fromTask = in.readInt();
        LogRecord.Entry e = readEntryBody(in, input);
        return new LogRecord.Processed(lsn, fromTask, List.of(e));
      }
      case ACKED -> {
        long destOffset = in.readLong();
        return new LogRecord.Acked(lsn, IdRuns.read(in, MAX_ITEMS), destOffset);
      }
      case ACKED_IDS -> {
        long destOffset = in.readLong();
        int n = count(in);
        List<TupleId> ids = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
          ids.add(readId(in));
        }
        return new LogRecord.Acked(lsn, ids, destOffset);
      }
      default -> throw new IOException("unknown record type " + type);
    }
  }

  private static LogRecord.Entry readEntry(DataInput in) throws IOException {
    return readEntryBody(in, readId(in));
  }

  private static LogRecord.Entry readEntryBody(DataInput in, TupleId input) throws IOException {
    int nc = count(in);
    List<StateChange> changes = new ArrayList<>(Math.min(nc, 1024));
    for (int i = 0; i < nc; i++) {
      changes.add(new StateChange(readNonNull(in), readString(in)));
    }
    int no = count(in);
    List<Output> outputs = new ArrayList<>(Math.min(no, 1024));
    for (int i = 0; i < no; i++) {
      outputs.add(readOutput(in));
    }
    return new LogRecord.Entry(input, changes, outputs);
  }

  public static void writeSnapshot(DataOutput out, Snapshot s) throws IOException {
    out.writeLong(s.lsn());
    out.writeLong(s.destOffset());
    out.writeInt(s.processed().size());
    for (Map.Entry<Long, Dedupe.Mark> e : s.processed().entrySet()) {
      out.writeLong(e.getKey());
      out.writeLong(e.getValue().upTo());
      out.writeInt(e.getValue().above().size());
      for (long n : e.getValue().above()) {
        out.writeLong(n);
      }
    }
    out.writeInt(s.lastSeq().size());
    for (Map.Entry<Integer, Long> e : s.lastSeq().entrySet()) {
      out.writeInt(e.getKey());
      out.writeLong(e.getValue());
    }
    out.writeInt(s.state().size());
    for (Map.Entry<String, String> e : s.state().entrySet()) {
      writeString(out, e.getKey());
      writeString(out, e.getValue());
    }
    out.writeInt(s.unacked().size());
    for (Output o : s.unacked()) {
      writeOutput(out, o);
    }
  }

  public static Snapshot readSnapshot(DataInput in) throws IOException {
    long lsn = in.readLong();
    long destOffset = in.readLong();
    int np = count(in);
    Map<Long, Dedupe.Mark> processed = new HashMap<>(Math.min(np, 1 << 16));
    for (int i = 0; i < np; i++) {
      long stream = in.readLong();
      long upTo = in.readLong();
      int na = count(in);
      Set<Long> above = new HashSet<>(Math.min(na, 1 << 20));
      for (int j = 0; j < na; j++) {
        above.add(in.readLong());
      }
      processed.put(stream, new Dedupe.Mark(upTo, above));
    }
    int nq = count(in);
    Map<Integer, Long> lastSeq = new HashMap<>(Math.min(nq, 1 << 16));
    for (int i = 0; i < nq; i++) {
      lastSeq.put(in.readInt(), in.readLong());
    }
    int ns = count(in);
    Map<String, String> state = new HashMap<>(Math.min(ns, 1 << 20));
    for (int i = 0; i < ns; i++) {
      state.put(readNonNull(in), readNonNull(in));
    }
    int nu = count(in);
    List<Output> unacked = new ArrayList<>(Math.min(nu, 1 << 20));
    for (int i = 0; i < nu; i++) {
      unacked.add(readOutput(in));
    }
    return new Snapshot(lsn, processed, lastSeq, state, unacked, destOffset);
  }

  private static void writeOutput(DataOutput out, Output o) throws IOException {
    writeId(out, o.id());
    out.writeInt(o.toTask());
    if (o.hasContent()) {
      out.writeByte(2); // 0 = the same without the stamp (older logs)
      writeString(out, o.tuple().key());
      writeString(out, o.tuple().value());
      out.writeLong(o.tuple().stampMicros());
    } else {
      out.writeByte(1); // content = that of a source line, re-read on recovery
      out.writeLong(o.contentFromLine());
    }
  }

  private static Output readOutput(DataInput in) throws IOException {
    TupleId id = readId(in);
    int toTask = in.readInt();
    if (toTask < 0) {
      throw new IOException("negative task " + toTask);
    }
    byte kind = in.readByte();
    if (kind == 1) {
      long line = in.readLong();
      if (line < 0) {
        throw new IOException("negative source line " + line);
      }
      return Output.contentless(id, toTask, line);
    }
    if (kind != 0 && kind != 2) {
      throw new IOException("unknown output kind " + kind);
    }
    String key = readNonNull(in);
    String value = readNonNull(in);
    long stamp = kind == 2 ? in.readLong() : -1;
    return new Output(new DataTuple(id, key, value, stamp), toTask);
  }

  static void writeId(DataOutput out, TupleId id) throws IOException {
    out.writeLong(id.hi());
    out.writeLong(id.lo());
  }

  static TupleId readId(DataInput in) throws IOException {
    return new TupleId(in.readLong(), in.readLong());
  }

  static void writeString(DataOutput out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    if (out instanceof BytesOut direct) {
      direct.writeUtf8(s); // encoded in place, no byte[] per string
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  static String readString(DataInput in) throws IOException {
    int n = in.readInt();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > MAX_STRING_BYTES) {
      throw new IOException("bad string length " + n);
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static String readNonNull(DataInput in) throws IOException {
    String s = readString(in);
    if (s == null) {
      throw new IOException("unexpected null string");
    }
    return s;
  }

  private static int count(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_ITEMS) {
      throw new IOException("bad item count " + n);
    }
    return n;
  }
}
