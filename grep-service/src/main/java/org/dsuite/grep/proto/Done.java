package org.dsuite.grep.proto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A DONE payload: selected lines over all files, files scanned, files that failed and the first
 * failure's message.
 */
public record Done(long selected, int files, int failedFiles, String message) {
  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(selected);
      out.writeInt(files);
      out.writeInt(failedFiles);
      Wire.writeShortString(out, message);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  public static Done decode(byte[] payload) throws ProtocolException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      return new Done(in.readLong(), in.readInt(), in.readInt(), Wire.readShortString(in));
    } catch (IOException e) {
      throw new ProtocolException(ErrorCode.MALFORMED, "truncated DONE frame");
    }
  }
}
