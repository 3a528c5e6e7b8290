package org.dsuite.grep.proto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small payload helpers: short UTF-8 strings, ERROR and MEMBERS_REPLY payloads. */
public final class Wire {
  private static final int MAX_SHORT_STRING = 65_535;

  private Wire() {}

  /** A {@code u16} length and UTF-8 bytes, truncated to fit. */
  static void writeShortString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(b.length, MAX_SHORT_STRING);
    out.writeShort(n);
    out.write(b, 0, n);
  }

  static String readShortString(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readUnsignedShort()];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** An ERROR payload: {@code u16} code, short string message. */
  public static byte[] error(ErrorCode code, String message) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeShort(code.wire());
      writeShortString(out, message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Decoded ERROR payload. */
  public record Error(ErrorCode code, String message) {}

  public static Error decodeError(byte[] payload) throws ProtocolException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      return new Error(ErrorCode.fromWire(in.readUnsignedShort()), readShortString(in));
    } catch (IOException e) {
      throw new ProtocolException(ErrorCode.MALFORMED, "truncated ERROR frame");
    }
  }

  /** A MEMBERS_REPLY payload: {@code u16} count, then that many short strings. */
  public static byte[] members(List<String> addresses) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeShort(addresses.size());
      for (String a : addresses) {
        writeShortString(out, a);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static List<String> decodeMembers(byte[] payload) throws ProtocolException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      int n = in.readUnsignedShort();
      List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(readShortString(in));
      }
      return out;
    } catch (IOException e) {
      throw new ProtocolException(ErrorCode.MALFORMED, "truncated MEMBERS_REPLY frame");
    }
  }
}
