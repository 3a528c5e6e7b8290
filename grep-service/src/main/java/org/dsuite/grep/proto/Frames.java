package org.dsuite.grep.proto;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * Framing of the grep protocol: each frame is a big-endian {@code u32} length {@code N}, then
 * {@code N} bytes: a {@code u8} type and the payload. A connection carries one request (QUERY or
 * MEMBERS) and its replies; docs/grep.md describes every payload.
 */
public final class Frames {
  /** Client to server: a grep query. */
  public static final int QUERY = 0x01;

  /** Client to server: which grep servers does the cluster have? */
  public static final int MEMBERS = 0x02;

  /** Server to client: a batch of whole output lines, GNU grep's format. */
  public static final int OUTPUT = 0x10;

  /** Server to client: the query finished; counts and status follow. */
  public static final int DONE = 0x11;

  /** Server to client: the request was refused or failed; code and message follow. */
  public static final int ERROR = 0x12;

  /** Server to client: grep server addresses, {@code host:port} strings. */
  public static final int MEMBERS_REPLY = 0x13;

  /**
   * Server to client: still scanning (sent during long silences so clients can tell hung from
   * slow).
   */
  public static final int HEARTBEAT = 0x14;

  private Frames() {}

  /** One received frame. */
  public record Frame(int type, byte[] payload) {}

  /** Writes one frame; the caller flushes. */
  public static void write(DataOutputStream out, int type, byte[] payload, int length)
      throws IOException {
    out.writeInt(length + 1);
    out.writeByte(type);
    out.write(payload, 0, length);
  }

  /**
   * Reads one frame.
   *
   * @throws EOFException if the stream ends before a frame starts or inside one
   * @throws ProtocolException if the length is zero or above {@code maxBytes}
   */
  public static Frame read(DataInputStream in, int maxBytes) throws IOException, ProtocolException {
    int len = in.readInt();
    if (len < 1) {
      throw new ProtocolException(ErrorCode.MALFORMED, "frame length " + len);
    }
    if (len - 1 > maxBytes) {
      throw new ProtocolException(
          ErrorCode.TOO_LARGE, "frame of " + len + " bytes exceeds the limit of " + maxBytes);
    }
    int type = in.readUnsignedByte();
    byte[] payload = new byte[len - 1];
    in.readFully(payload);
    return new Frame(type, payload);
  }
}
