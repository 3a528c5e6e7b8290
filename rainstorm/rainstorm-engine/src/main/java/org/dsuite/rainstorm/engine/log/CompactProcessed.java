package org.dsuite.rainstorm.engine.log;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.LogRecord;
import org.dsuite.rainstorm.engine.core.Output;
import org.dsuite.rainstorm.engine.core.StateChange;
import org.dsuite.rainstorm.engine.core.TupleId;

/**
 * The compact body of a {@link LogRecord.Processed} record (record type 5, see docs/rainstorm.md
 * "Log format"). The fixed-width body (type 3) spent 16 bytes on every input ID, 16 on every output
 * ID, 4-byte counts and lengths, 8 bytes of stamp, and repeated the same keys: a count-by entry was
 * ~140 bytes, a sink entry ~90 and a source entry ~55 for App2, most of it bytes the reader can
 * derive. Here, per record:
 *
 * <ul>
 *   <li>input IDs as deltas: {@code [varint tag]} with tag = zigzag(lo - previous lo) &lt;&lt; 1,
 *       or {@code 1} followed by {@code [long hi][long lo]} when the stream ({@code hi}) changes
 *       (the first input, a batch mixing streams). Inputs of a batch come from one upstream stream
 *       in order, and a source's kept lines are a few lines apart, so this is one or two bytes;
 *   <li>output IDs by stream: {@code [varint slot]}; a slot below the streams seen so far in this
 *       record continues that stream with {@code [zigzag varint lo - its last lo]} (outputs to one
 *       downstream task are numbered 1, 2, 3, ... so this is 1), a new slot brings {@code [long
 *       hi][long lo]};
 *   <li>strings as {@code [varint ref]}: 0 null, 1 a literal {@code [varint n][n bytes UTF-8]}, 2 a
 *       literal the reader remembers, 3 + i the i-th remembered string of this record. Keys (state
 *       keys and output keys: a handful of distinct ones in a keyed stage) are remembered, values
 *       are not;
 *   <li>counts, tasks and lengths as varints, stamps as zigzag deltas from the previous stamp.
 * </ul>
 *
 * Decoding gives back exactly the record that was written, and checks every count, length and
 * reference, so a corrupt record fails with an {@link IOException} instead of a huge allocation.
 */
final class CompactProcessed {
  private CompactProcessed() {}

  private static final int NULL = 0;
  private static final int LITERAL = 1;
  private static final int REMEMBERED = 2;
  private static final int FIRST_REF = 3;

  /** Output kinds, as in the fixed-width body. */
  private static final int CONTENTLESS = 1;

  private static final int CONTENT = 2;

  /** Writer state for one record: the streams and keys seen so far. Reused, one per encoder. */
  static final class Writer {
    private final Map<String, Integer> keys = new HashMap<>();
    private long[] streamHi = new long[8];
    private long[] streamLo = new long[8];
    private int streams;

    void write(DataOutput out, LogRecord.Processed p) throws IOException {
      keys.clear();
      streams = 0;
      List<LogRecord.Entry> entries = p.entries();
      writeVarint(out, entries.size());
      long hi = 0;
      long lo = 0;
      long stamp = 0;
      for (int i = 0; i < entries.size(); i++) { // indexed: no iterator per record
        LogRecord.Entry e = entries.get(i);
        TupleId in = e.input();
        long z = zigzag(in.lo() - lo);
        if (i > 0 && in.hi() == hi && z >>> 62 == 0) { // the tag's shift must not lose a bit
          writeVarlong(out, z << 1);
        } else {
          out.writeByte(1);
          out.writeLong(in.hi());
          out.writeLong(in.lo());
        }
        hi = in.hi();
        lo = in.lo();
        List<StateChange> changes = e.changes();
        writeVarint(out, changes.size());
        for (int c = 0; c < changes.size(); c++) {
          writeKey(out, changes.get(c).key());
          writeValue(out, changes.get(c).value());
        }
        List<Output> outputs = e.outputs();
        writeVarint(out, outputs.size());
        for (int k = 0; k < outputs.size(); k++) {
          stamp = writeOutput(out, outputs.get(k), in, stamp);
        }
      }
    }

    private long writeOutput(DataOutput out, Output o, TupleId input, long stamp)
        throws IOException {
      writeVarint(out, o.toTask());
      writeOutputId(out, o.id());
      if (o.hasContent()) {
        out.writeByte(CONTENT);
        writeKey(out, o.tuple().key());
        writeValue(out, o.tuple().value());
        writeVarlong(out, zigzag(o.tuple().stampMicros() - stamp));
        return o.tuple().stampMicros();
      }
      out.writeByte(CONTENTLESS);
      writeVarlong(out, zigzag(o.contentFromLine() - input.lo())); // a source's own line: 0
      return stamp;
    }

    private void writeOutputId(DataOutput out, TupleId id) throws IOException {
      for (int s = 0; s < streams; s++) {
        if (streamHi[s] == id.hi()) {
          writeVarint(out, s);
          writeVarlong(out, zigzag(id.lo() - streamLo[s]));
          streamLo[s] = id.lo();
          return;
        }
      }
      if (streams == streamHi.length) {
        streamHi = Arrays.copyOf(streamHi, streams * 2);
        streamLo = Arrays.copyOf(streamLo, streams * 2);
      }
      writeVarint(out, streams);
      out.writeLong(id.hi());
      out.writeLong(id.lo());
      streamHi[streams] = id.hi();
      streamLo[streams] = id.lo();
      streams++;
    }

    private void writeKey(DataOutput out, String s) throws IOException {
      Integer ref = keys.get(s);
      if (ref != null) {
        writeVarint(out, FIRST_REF + ref);
        return;
      }
      keys.put(s, keys.size());
      writeVarint(out, REMEMBERED);
      writeBytes(out, s);
    }
  }

  private static void writeValue(DataOutput out, String s) throws IOException {
    if (s == null) {
      writeVarint(out, NULL);
      return;
    }
    writeVarint(out, LITERAL);
    writeBytes(out, s);
  }

  private static void writeBytes(DataOutput out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeVarint(out, b.length);
    out.write(b);
  }

  /** Reads what {@link Writer#write} wrote after the record's type, LSN and upstream task. */
  static LogRecord.Processed read(DataInput in, long lsn, int fromTask) throws IOException {
    int n = count(in);
    if (n == 0) {
      throw new IOException("processed record without inputs");
    }
    List<LogRecord.Entry> entries = new ArrayList<>(Math.min(n, 1 << 16));
    List<String> keys = new ArrayList<>();
    long[] streamHi = new long[8];
    long[] streamLo = new long[8];
    int streams = 0;
    long hi = 0;
    long lo = 0;
    long stamp = 0;
    for (int i = 0; i < n; i++) {
      long tag = readVarlong(in);
      if (tag == 1) {
        hi = in.readLong();
        lo = in.readLong();
      } else if ((tag & 1) == 0 && i > 0) {
        lo += unzigzag(tag >>> 1);
      } else {
        throw new IOException("bad input tag " + tag + " at entry " + i);
      }
      TupleId input = new TupleId(hi, lo);
      int nc = count(in);
      List<StateChange> changes = new ArrayList<>(Math.min(nc, 1024));
      for (int c = 0; c < nc; c++) {
        String key = readString(in, keys);
        if (key == null) {
          throw new IOException("null state key");
        }
        changes.add(new StateChange(key, readString(in, keys)));
      }
      int no = count(in);
      List<Output> outputs = new ArrayList<>(Math.min(no, 1024));
      for (int k = 0; k < no; k++) {
        int toTask = count(in);
        int slot = count(in);
        TupleId id;
        if (slot < streams) {
          streamLo[slot] += unzigzag(readVarlong(in));
          id = new TupleId(streamHi[slot], streamLo[slot]);
        } else if (slot == streams) {
          if (streams == streamHi.length) {
            streamHi = Arrays.copyOf(streamHi, streams * 2);
            streamLo = Arrays.copyOf(streamLo, streams * 2);
          }
          streamHi[slot] = in.readLong();
          streamLo[slot] = in.readLong();
          streams++;
          id = new TupleId(streamHi[slot], streamLo[slot]);
        } else {
          throw new IOException("bad output stream slot " + slot + " of " + streams);
        }
        int kind = in.readUnsignedByte();
        if (kind == CONTENT) {
          String key = readString(in, keys);
          String value = readString(in, keys);
          if (key == null || value == null) {
            throw new IOException("null output key or value");
          }
          stamp += unzigzag(readVarlong(in));
          outputs.add(new Output(new DataTuple(id, key, value, stamp), toTask));
        } else if (kind == CONTENTLESS) {
          long line = lo + unzigzag(readVarlong(in));
          if (line < 0) {
            throw new IOException("negative source line " + line);
          }
          outputs.add(Output.contentless(id, toTask, line));
        } else {
          throw new IOException("unknown output kind " + kind);
        }
      }
      entries.add(new LogRecord.Entry(input, changes, outputs));
    }
    return new LogRecord.Processed(lsn, fromTask, entries);
  }

  private static String readString(DataInput in, List<String> keys) throws IOException {
    int ref = count(in);
    if (ref == NULL) {
      return null;
    }
    if (ref >= FIRST_REF) {
      if (ref - FIRST_REF >= keys.size()) {
        throw new IOException("bad string reference " + ref + " of " + keys.size());
      }
      return keys.get(ref - FIRST_REF);
    }
    int len = count(in);
    if (len > LogCodec.MAX_STRING_BYTES) {
      throw new IOException("bad string length " + len);
    }
    byte[] b = new byte[len];
    in.readFully(b);
    String s = new String(b, StandardCharsets.UTF_8);
    if (ref == REMEMBERED) {
      keys.add(s);
    }
    return s;
  }

  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  static void writeVarint(DataOutput out, int v) throws IOException {
    writeVarlong(out, v & 0xFFFFFFFFL);
  }

  static void writeVarlong(DataOutput out, long v) throws IOException {
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  static long readVarlong(DataInput in) throws IOException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = in.readUnsignedByte();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new IOException("varint longer than 10 bytes");
  }

  /** A count, task, slot or length: a varint in 0..{@link LogCodec#MAX_ITEMS}. */
  private static int count(DataInput in) throws IOException {
    long v = readVarlong(in);
    if (v < 0 || v > LogCodec.MAX_ITEMS) {
      throw new IOException("bad count " + v);
    }
    return (int) v;
  }
}
