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
import org.dsuite.grep.match.MatchOptions;
import org.dsuite.grep.match.PatternException;
import org.dsuite.grep.match.PatternSyntax;
import org.dsuite.grep.scan.GrepRequest;
import org.dsuite.grep.scan.OutputOptions;

/**
 * A QUERY payload: a grep request and the file glob (relative to the server's log roots; empty for
 * all its logs). Encoding in docs/grep.md.
 */
public record Query(GrepRequest request, String glob) {
  static final int VERSION = 1;

  private static final int IGNORE_CASE = 1;
  private static final int INVERT = 2;
  private static final int WORD = 4;
  private static final int LINE = 8;
  private static final int COUNT = 16;
  private static final int LINE_NUMBERS = 32;
  private static final int FILES_WITH_MATCHES = 64;
  private static final int FILENAME_SET = 128;
  private static final int FILENAME_SHOWN = 256;

  public byte[] encode() {
    MatchOptions m = request.match();
    OutputOptions o = request.output();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeByte(m.syntax().ordinal());
      int flags =
          (m.ignoreCase() ? IGNORE_CASE : 0)
              | (m.invert() ? INVERT : 0)
              | (m.wordRegexp() ? WORD : 0)
              | (m.lineRegexp() ? LINE : 0)
              | (o.countOnly() ? COUNT : 0)
              | (o.lineNumbers() ? LINE_NUMBERS : 0)
              | (o.filesWithMatches() ? FILES_WITH_MATCHES : 0)
              | (o.withFilename() != null ? FILENAME_SET : 0)
              | (Boolean.TRUE.equals(o.withFilename()) ? FILENAME_SHOWN : 0);
      out.writeShort(flags);
      out.writeLong(o.maxCount());
      out.writeInt(o.afterContext());
      out.writeInt(o.beforeContext());
      out.writeShort(m.patterns().size());
      for (String p : m.patterns()) {
        byte[] b = p.getBytes(StandardCharsets.ISO_8859_1);
        out.writeInt(b.length);
        out.write(b);
      }
      byte[] g = glob.getBytes(StandardCharsets.UTF_8);
      out.writeInt(g.length);
      out.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Limits checked while decoding, before anything is allocated for a field. */
  public record Limits(int maxPatterns, int maxPatternBytes, int maxContextLines) {}

  /** Decodes and validates a QUERY payload. */
  public static Query decode(byte[] payload, Limits limits) throws ProtocolException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new ProtocolException(ErrorCode.MALFORMED, "unsupported query version " + version);
      }
      int syntaxIndex = in.readUnsignedByte();
      if (syntaxIndex >= PatternSyntax.values().length) {
        throw new ProtocolException(ErrorCode.MALFORMED, "unknown pattern syntax " + syntaxIndex);
      }
      int flags = in.readUnsignedShort();
      if (flags >= 512) {
        throw new ProtocolException(ErrorCode.MALFORMED, "unknown flags " + flags);
      }
      long maxCount = in.readLong();
      int after = in.readInt();
      int before = in.readInt();
      if (maxCount < -1 || after < 0 || before < 0) {
        throw new ProtocolException(ErrorCode.MALFORMED, "negative count or context");
      }
      if (after > limits.maxContextLines() || before > limits.maxContextLines()) {
        throw new ProtocolException(
            ErrorCode.LIMIT, "context exceeds the limit of " + limits.maxContextLines() + " lines");
      }
      int n = in.readUnsignedShort();
      if (n < 1 || n > limits.maxPatterns()) {
        throw new ProtocolException(
            ErrorCode.LIMIT, n + " patterns; the limit is 1 to " + limits.maxPatterns());
      }
      List<String> patterns = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        patterns.add(
            new String(
                field(in, limits.maxPatternBytes(), "pattern"), StandardCharsets.ISO_8859_1));
      }
      String glob = new String(field(in, 4096, "glob"), StandardCharsets.UTF_8);
      if (in.available() > 0) {
        throw new ProtocolException(ErrorCode.MALFORMED, "trailing bytes after the query");
      }
      PatternSyntax syntax = PatternSyntax.values()[syntaxIndex];
      Boolean withFilename = (flags & FILENAME_SET) == 0 ? null : (flags & FILENAME_SHOWN) != 0;
      MatchOptions match;
      try {
        match =
            new MatchOptions(
                patterns,
                syntax,
                (flags & IGNORE_CASE) != 0,
                (flags & INVERT) != 0,
                (flags & WORD) != 0,
                (flags & LINE) != 0);
      } catch (PatternException | IllegalArgumentException e) {
        throw new ProtocolException(ErrorCode.BAD_PATTERN, e.getMessage());
      }
      OutputOptions out =
          new OutputOptions(
              (flags & COUNT) != 0,
              (flags & LINE_NUMBERS) != 0,
              maxCount,
              after,
              before,
              withFilename,
              (flags & FILES_WITH_MATCHES) != 0);
      return new Query(new GrepRequest(match, out), glob);
    } catch (IOException e) {
      throw new ProtocolException(ErrorCode.MALFORMED, "truncated query");
    }
  }

  private static byte[] field(DataInputStream in, int max, String what)
      throws IOException, ProtocolException {
    int len = in.readInt();
    if (len < 0 || len > max) {
      throw new ProtocolException(
          len < 0 ? ErrorCode.MALFORMED : ErrorCode.LIMIT,
          what + " of " + len + " bytes; the limit is " + max);
    }
    if (len > in.available()) {
      throw new ProtocolException(ErrorCode.MALFORMED, "truncated " + what);
    }
    byte[] b = new byte[len];
    in.readFully(b);
    return b;
  }
}
