package org.dsuite.rainstorm.api.proto;

import java.util.ArrayList;
import java.util.List;
import org.dsuite.rainstorm.api.Tuple;

/**
 * The line protocol between an engine task and an external operator process (docs:
 * docs/rainstorm-operators.md). UTF-8 text, one message per line ending in {@code \n}; a message is
 * a one-letter type and its fields, separated by TAB. Inside a field, {@code \} is written {@code
 * \\}, TAB {@code \t}, LF {@code \n} and CR {@code \r}, so fields can hold any text.
 *
 * <pre>
 * engine → operator (stdin)           operator → engine (stdout)
 *   P name value   parameter            O key value   an output of the current input
 *   H header       input schema         D             current input done
 *   T key value    an input             M reason      current input malformed, skipped
 * </pre>
 *
 * <p>All P and H lines come before the first T. For every T the operator writes zero or more O
 * lines and then exactly one D or M, in input order (the engine may send more T lines before
 * reading answers). End of stdin means no more inputs: the operator flushes and exits 0.
 */
public final class LineProtocol {
  private LineProtocol() {}

  public static String param(String name, String value) {
    return message('P', name, value);
  }

  public static String header(String headerLine) {
    return message('H', headerLine, null);
  }

  public static String input(Tuple t) {
    return message('T', t.key(), t.value());
  }

  public static String output(Tuple t) {
    return message('O', t.key(), t.value());
  }

  public static String done() {
    return "D";
  }

  public static String malformed(String reason) {
    return message('M', reason, null);
  }

  /** Appends an input line with its terminating {@code \n} (for batched writes). */
  public static StringBuilder appendInput(StringBuilder sb, Tuple t) {
    sb.append('T').append('\t');
    escape(sb, t.key()).append('\t');
    return escape(sb, t.value()).append('\n');
  }

  /** Encodes any message (without the line terminator). */
  public static String encode(ProtocolMessage m) {
    if (m instanceof ProtocolMessage.Param p) {
      return param(p.name(), p.value());
    } else if (m instanceof ProtocolMessage.Header h) {
      return header(h.line());
    } else if (m instanceof ProtocolMessage.Input i) {
      return input(i.tuple());
    } else if (m instanceof ProtocolMessage.Output o) {
      return output(o.tuple());
    } else if (m instanceof ProtocolMessage.Malformed mf) {
      return malformed(mf.reason());
    }
    return done();
  }

  private static String message(char type, String a, String b) {
    StringBuilder sb = new StringBuilder(2 + a.length() + (b == null ? 0 : b.length() + 1));
    sb.append(type).append('\t');
    escape(sb, a);
    if (b != null) {
      escape(sb.append('\t'), b);
    }
    return sb.toString();
  }

  static StringBuilder escape(StringBuilder sb, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(c);
      }
    }
    return sb;
  }

  /**
   * Decodes one line (without its terminator).
   *
   * @throws ProtocolException for an unknown type, a wrong field count or a bad escape
   */
  public static ProtocolMessage decode(String line) throws ProtocolException {
    if (line.isEmpty()) {
      throw new ProtocolException("empty protocol line");
    }
    char type = line.charAt(0);
    if (line.length() > 1 && line.charAt(1) != '\t') {
      throw new ProtocolException(
          "protocol line must start with a type letter and a TAB: " + cut(line));
    }
    List<String> f = fields(line);
    return switch (type) {
      case 'P' -> new ProtocolMessage.Param(arg(f, 0, 2, line), arg(f, 1, 2, line));
      case 'H' -> new ProtocolMessage.Header(arg(f, 0, 1, line));
      case 'T' -> new ProtocolMessage.Input(new Tuple(arg(f, 0, 2, line), arg(f, 1, 2, line)));
      case 'O' -> new ProtocolMessage.Output(new Tuple(arg(f, 0, 2, line), arg(f, 1, 2, line)));
      case 'M' -> new ProtocolMessage.Malformed(arg(f, 0, 1, line));
      case 'D' -> {
        if (!f.isEmpty()) {
          throw new ProtocolException("D takes no fields: " + cut(line));
        }
        yield new ProtocolMessage.Done();
      }
      default -> throw new ProtocolException("unknown protocol message type '" + type + "'");
    };
  }

  private static String arg(List<String> f, int i, int expected, String line)
      throws ProtocolException {
    if (f.size() != expected) {
      throw new ProtocolException(
          "message '"
              + line.charAt(0)
              + "' needs "
              + expected
              + " fields, got "
              + f.size()
              + ": "
              + cut(line));
    }
    return f.get(i);
  }

  private static List<String> fields(String line) throws ProtocolException {
    List<String> out = new ArrayList<>(2);
    if (line.length() < 2) {
      return out;
    }
    StringBuilder sb = new StringBuilder(line.length());
    for (int i = 2; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\t') {
        out.add(sb.toString());
        sb.setLength(0);
      } else if (c == '\\') {
        if (++i == line.length()) {
          throw new ProtocolException("dangling backslash at the end of: " + cut(line));
        }
        char e = line.charAt(i);
        sb.append(
            switch (e) {
              case '\\' -> '\\';
              case 't' -> '\t';
              case 'n' -> '\n';
              case 'r' -> '\r';
              default -> throw new ProtocolException("bad escape '\\" + e + "' in: " + cut(line));
            });
      } else if (c == '\n' || c == '\r') {
        throw new ProtocolException("raw line break inside a protocol line");
      } else {
        sb.append(c);
      }
    }
    out.add(sb.toString());
    return out;
  }

  private static String cut(String line) {
    return line.length() <= 80 ? line : line.substring(0, 80) + "...";
  }
}
