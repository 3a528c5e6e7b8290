package org.dsuite.common.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A validated {@code host:port} pair as users type it ({@code 127.0.0.1:7000}, {@code
 * node3.example.org:7000}, {@code [::1]:7000}). A plain value: no DNS lookup happens here.
 */
public record HostPort(String host, int port) implements Comparable<HostPort> {
  private static final Pattern HOSTNAME =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*\\.?");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

  public HostPort {
    if (host == null || host.isEmpty() || host.length() > 253) {
      throw new IllegalArgumentException("host must be 1..253 characters");
    }
    if (!HOSTNAME.matcher(host).matches()
        && !(host.contains(":") && IPV6.matcher(host).matches())) {
      throw new IllegalArgumentException("not a host name or IP address: '" + host + "'");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
    }
    host = host.toLowerCase(Locale.ROOT);
  }

  /** Parses {@code host:port} or {@code [ipv6]:port}; the message says what is wrong. */
  public static HostPort parse(String text) {
    String t = text == null ? "" : text.strip();
    String host;
    String port;
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("expected [ipv6]:port, got '" + text + "'");
      }
      host = t.substring(1, close);
      port = t.substring(close + 2);
    } else {
      int colon = t.lastIndexOf(':');
      if (colon <= 0 || t.indexOf(':') != colon) {
        throw new IllegalArgumentException("expected host:port, got '" + text + "'");
      }
      host = t.substring(0, colon);
      port = t.substring(colon + 1);
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port is not a number in '" + text + "'");
    }
    return new HostPort(host, p);
  }

  /** Parses a comma-separated list such as {@code h1:7000,h2:7000}. */
  public static List<HostPort> parseList(String text) {
    List<HostPort> out = new ArrayList<>();
    for (String item : text.split(",")) {
      if (!item.isBlank()) {
        out.add(parse(item));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }

  @Override
  public int compareTo(HostPort o) {
    int c = host.compareTo(o.host);
    return c != 0 ? c : Integer.compare(port, o.port);
  }
}
