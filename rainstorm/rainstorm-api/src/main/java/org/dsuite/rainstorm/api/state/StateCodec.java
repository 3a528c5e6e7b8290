package org.dsuite.rainstorm.api.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Byte formats for state, so the engine can write snapshots and change records to HDFS without
 * inventing its own. All integers big-endian ({@link DataOutput}); strings in modified UTF-8.
 *
 * <pre>
 * long value:  8 bytes
 * change:      key (writeUTF), length int (-1 = removal), value bytes
 * snapshot:    magic int 0x52535331 ("RSS1"), count int, then count x (key, length, bytes)
 * </pre>
 */
public final class StateCodec {
  private static final int SNAPSHOT_MAGIC = 0x52535331;

  /** Bound on a single value, so a corrupt length cannot ask for gigabytes. */
  public static final int MAX_VALUE_BYTES = 16 << 20;

  private StateCodec() {}

  public static byte[] encodeLong(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }

  /**
   * {@link #decodeLong(byte[])} of a value held as chars, one per byte (ISO-8859-1), as an engine's
   * state map may keep it: no byte array is made.
   */
  public static long decodeLong(CharSequence bytes) {
    if (bytes.length() != 8) {
      throw new IllegalArgumentException("a long state value has 8 bytes, got " + bytes.length());
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (bytes.charAt(i) & 0xFF);
    }
    return v;
  }

  public static long decodeLong(byte[] b) {
    if (b.length != 8) {
      throw new IllegalArgumentException("a long state value has 8 bytes, got " + b.length);
    }
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[i] & 0xFF);
    }
    return v;
  }

  public static void writeChange(DataOutput out, StateChange c) throws IOException {
    out.writeUTF(c.key());
    byte[] v = c.valueUnsafe();
    if (v == null) {
      out.writeInt(-1);
    } else {
      out.writeInt(v.length);
      out.write(v);
    }
  }

  /** Reads one change written by {@link #writeChange}. */
  public static StateChange readChange(DataInput in) throws IOException {
    String key = in.readUTF();
    int len = in.readInt();
    if (len == -1) {
      return new StateChange(key, null);
    }
    return StateChange.owning(key, readValue(in, len));
  }

  private static byte[] readValue(DataInput in, int len) throws IOException {
    if (len < 0 || len > MAX_VALUE_BYTES) {
      throw new IOException("corrupt state: value length " + len);
    }
    byte[] v = new byte[len];
    in.readFully(v);
    return v;
  }

  public static byte[] encodeSnapshot(Map<String, byte[]> state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(SNAPSHOT_MAGIC);
      Map<String, byte[]> sorted = new TreeMap<>(state);
      out.writeInt(sorted.size());
      for (Map.Entry<String, byte[]> e : sorted.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeInt(e.getValue().length);
        out.write(e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a snapshot.
   *
   * @throws IOException if the bytes are not a complete snapshot
   */
  public static Map<String, byte[]> decodeSnapshot(byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    try {
      if (in.readInt() != SNAPSHOT_MAGIC) {
        throw new IOException("not a state snapshot (bad magic)");
      }
      int n = in.readInt();
      if (n < 0) {
        throw new IOException("corrupt state snapshot: " + n + " entries");
      }
      Map<String, byte[]> out = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        String key = in.readUTF();
        out.put(key, readValue(in, in.readInt()));
      }
      if (in.available() > 0) {
        throw new IOException("corrupt state snapshot: " + in.available() + " trailing bytes");
      }
      return out;
    } catch (EOFException e) {
      throw new IOException("truncated state snapshot", e);
    }
  }
}
