package org.dsuite.rainstorm.engine.net;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.IdRuns;
import org.dsuite.rainstorm.engine.core.TupleId;
import org.dsuite.rainstorm.engine.io.BytesIn;
import org.dsuite.rainstorm.engine.io.BytesOut;

/**
 * Wire format: {@code [int length][byte type][body]}, big-endian. Body of a batch: job, stage,
 * task, from-task, count, then per tuple {@code [long hi][long lo][long stamp][string key][string
 * value]}; of an ack: job, stage, task, from-task, then the IDs as runs of consecutive numbers
 * ({@link IdRuns}: an ack of a whole batch is usually one run); of a credit: {@code [int batches]}.
 * Strings are {@code [int n][n bytes UTF-8]}. A frame is encoded into a reused buffer and written
 * with one call, so a batch of hundreds of tuples costs one write, not one per tuple.
 */
final class FrameCodec {
  static final byte BATCH = 1;
  static final byte ACKS = 2;
  static final byte CREDIT = 3;

  /** Most IDs one ack frame may acknowledge (far above any task's unacked bound). */
  static final int MAX_ACK_IDS = 1 << 24;

  private final BytesOut out = new BytesOut(64 << 10);

  /** Encodes a frame, length prefix included, and writes it to {@code sink} in one call. */
  void write(Frame f, OutputStream sink) throws IOException {
    out.reset();
    out.writeInt(0); // length, patched below
    if (f instanceof Frame.Batch b) {
      out.writeByte(BATCH);
      writeAddress(b.to(), b.fromTask());
      out.writeInt(b.tuples().size());
      for (DataTuple t : b.tuples()) {
        out.writeLong(t.id().hi());
        out.writeLong(t.id().lo());
        out.writeLong(t.stampMicros());
        out.writeUtf8(t.key());
        out.writeUtf8(t.value());
      }
    } else if (f instanceof Frame.Acks a) {
      out.writeByte(ACKS);
      writeAddress(a.to(), a.fromTask());
      IdRuns.write(out, a.ids());
    }
    out.patchInt(0, out.size() - 4);
    out.writeTo(sink);
  }

  void writeCredit(int batches, OutputStream sink) throws IOException {
    out.reset();
    out.writeInt(5);
    out.writeByte(CREDIT);
    out.writeInt(batches);
    out.writeTo(sink);
  }

  private void writeAddress(TaskAddress a, int fromTask) {
    out.writeUtf8(a.job());
    out.writeInt(a.stage());
    out.writeInt(a.task());
    out.writeInt(fromTask);
  }

  /**
   * Parses the body of a batch or acks frame (everything after the type byte), {@code body[0,
   * bodyBytes)}, read whole first so malformed content cannot make the reader lose its place in the
   * stream. Nothing decoded refers to {@code body}: the receiver reuses it for the next frame.
   *
   * @throws IOException on malformed content (the caller closes the connection)
   */
  static Frame readBody(byte type, byte[] body, int bodyBytes) throws IOException {
    BytesIn in = new BytesIn(body, 0, bodyBytes);
    String job = in.readUtf8();
    int stage = in.readInt();
    int task = in.readInt();
    int fromTask = in.readInt();
    if (stage < 0 || task < 0 || job.isEmpty()) {
      throw new IOException("malformed frame header");
    }
    TaskAddress to = new TaskAddress(job, stage, task);
    if (type == BATCH) {
      int count = in.readInt();
      if (count < 0 || count > bodyBytes / 32) {
        throw new IOException("tuple count " + count + " exceeds the frame");
      }
      List<DataTuple> tuples = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        TupleId id = new TupleId(in.readLong(), in.readLong());
        long stamp = in.readLong();
        tuples.add(new DataTuple(id, in.readUtf8(), in.readUtf8(), stamp));
      }
      if (in.remaining() != 0) {
        throw new IOException("trailing bytes in frame");
      }
      return new Frame.Batch(to, fromTask, tuples);
    }
    List<TupleId> ids = IdRuns.read(in, MAX_ACK_IDS);
    if (in.remaining() != 0) {
      throw new IOException("trailing bytes in frame");
    }
    return new Frame.Acks(to, fromTask, ids);
  }
}
