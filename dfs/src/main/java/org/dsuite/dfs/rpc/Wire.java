package org.dsuite.dfs.rpc;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dsuite.dfs.core.BlockId;

/**
 * Field encodings shared by all messages. Every variable-length field carries its length first and
 * is checked against a limit before anything is allocated, so a hostile length cannot exhaust
 * memory. Bulk data travels as frames {@code [int n][n bytes]}, ended by {@code [int 0]}, or
 * aborted by {@code [int -1][string reason]}; blocking sockets give flow control (a slow receiver
 * fills TCP's window and stalls the sender).
 */
public final class Wire {
  public static final int MAGIC = 0x48594446; // "HYDF"

  /** Longest string field (names are at most 1,024 bytes; messages and paths fit easily). */
  public static final int MAX_STRING_BYTES = 8192;

  /** Largest data frame accepted (chunk sizes are configurable up to this). */
  public static final int MAX_FRAME_BYTES = 16 << 20;

  private Wire() {}

  public static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  public static String readString(DataInputStream in) throws IOException {
    return readString(in, MAX_STRING_BYTES);
  }

  public static String readString(DataInputStream in, int maxBytes) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > maxBytes) {
      throw new ProtocolException("string field of " + n + " bytes (limit " + maxBytes + ")");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  public static void writeIds(DataOutputStream out, List<BlockId> ids) throws IOException {
    out.writeInt(ids.size());
    for (BlockId id : ids) {
      writeString(out, id.clientId());
      out.writeLong(id.seq());
    }
  }

  public static void writeStrings(DataOutputStream out, List<String> items) throws IOException {
    out.writeInt(items.size());
    for (String s : items) {
      writeString(out, s);
    }
  }

  /** A list of at most {@code maxCount} strings of at most {@code maxBytes} bytes each. */
  public static List<String> readStrings(DataInputStream in, int maxCount, int maxBytes)
      throws IOException {
    int n = in.readInt();
    if (n < 0 || n > maxCount) {
      throw new ProtocolException("list of " + n + " entries (limit " + maxCount + ")");
    }
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(readString(in, maxBytes));
    }
    return out;
  }

  public static List<BlockId> readIds(DataInputStream in, int maxCount) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > maxCount) {
      throw new ProtocolException("block list of " + n + " entries (limit " + maxCount + ")");
    }
    List<BlockId> ids = new ArrayList<>(Math.min(n, 1024));
    for (int i = 0; i < n; i++) {
      ids.add(readId(in));
    }
    return ids;
  }

  public static BlockId readId(DataInputStream in) throws IOException {
    String client = readString(in, BlockId.MAX_CLIENT_ID_CHARS * 4);
    long seq = in.readLong();
    try {
      return new BlockId(client, seq);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(e.getMessage());
    }
  }

  public static void writeStatus(DataOutputStream out, Status s, String message)
      throws IOException {
    out.writeByte(s.code);
    writeString(out, message);
  }

  /** Copies {@code src} to {@code out} as data frames and ends the stream; returns bytes sent. */
  public static long sendFrames(InputStream src, DataOutputStream out, byte[] buf)
      throws IOException {
    long total = 0;
    int n;
    while ((n = src.read(buf)) >= 0) {
      if (n > 0) {
        out.writeInt(n);
        out.write(buf, 0, n);
        total += n;
      }
    }
    out.writeInt(0);
    return total;
  }

  /** Tells the receiver the data stream failed; it must discard what it got. */
  public static void abortFrames(DataOutputStream out, String reason) throws IOException {
    out.writeInt(-1);
    writeString(out, reason);
    out.flush();
  }

  /** The next frame's length: > 0 data, 0 end; throws on an abort or a bad length. */
  public static int readFrameHeader(DataInputStream in, int maxFrame) throws IOException {
    int n = in.readInt();
    if (n == -1) {
      throw new RemoteAbortException(readString(in));
    }
    if (n < 0 || n > maxFrame) {
      throw new ProtocolException("data frame of " + n + " bytes (limit " + maxFrame + ")");
    }
    return n;
  }

  /** The sender gave up mid-stream. */
  public static final class RemoteAbortException extends IOException {
    public RemoteAbortException(String reason) {
      super("sender aborted the transfer: " + reason);
    }
  }
}
