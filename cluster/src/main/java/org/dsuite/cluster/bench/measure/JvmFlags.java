package org.dsuite.cluster.bench.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The JVM a running process really is, read from {@code /proc/PID/cmdline} rather than from what
 * the bench meant to start: the java executable and the options before the main class. The fairness
 * check compares these across engines, so a node restarted with a different heap, or a JVM picked
 * from a different {@code JAVA_HOME}, is caught instead of measured.
 *
 * @param java the java executable (as started; {@code setsid} in front is skipped)
 * @param flags the JVM options, in order (the class path and its value left out)
 */
public record JvmFlags(String java, List<String> flags) {
  private static final Set<String> CLASS_PATH = Set.of("-cp", "-classpath", "--class-path");

  public JvmFlags {
    flags = List.copyOf(flags);
  }

  /** The process's JVM command line, if it is a live JVM this user can read. */
  public static Optional<JvmFlags> of(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return parse(List.of(new String(raw, StandardCharsets.UTF_8).split("\0")));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Parses an argument vector; empty unless it starts a java executable. */
  public static Optional<JvmFlags> parse(List<String> argv) {
    int i = 0;
    if (i < argv.size() && argv.get(i).endsWith("/setsid")) {
      i++;
    }
    if (i >= argv.size() || !Path.of(argv.get(i)).getFileName().toString().equals("java")) {
      return Optional.empty();
    }
    String java = argv.get(i++);
    List<String> flags = new ArrayList<>();
    for (; i < argv.size(); i++) {
      String a = argv.get(i);
      if (CLASS_PATH.contains(a)) {
        i++;
      } else if (a.startsWith("-")) {
        flags.add(a);
      } else {
        break;
      }
    }
    return Optional.of(new JvmFlags(java, flags));
  }

  /**
   * The maximum heap in MiB ({@code -Xmx}; the last one wins, as in the JVM), or -1 when the JVM
   * picks its default (a quarter of the machine's memory, which no fair comparison should rely on).
   */
  public long heapMb() {
    long mb = -1;
    for (String f : flags) {
      if (f.startsWith("-Xmx")) {
        mb = toMb(f.substring(4));
      }
    }
    return mb;
  }

  /**
   * The options that change how the JVM uses the machine (garbage collector, heap sizing, JIT,
   * processor count: every {@code -X...} option except the maximum heap, which is compared on its
   * own). System properties, module options ({@code --add-opens}) and agents are left out.
   */
  public List<String> resourceFlags() {
    return flags.stream().filter(f -> f.startsWith("-X") && !f.startsWith("-Xmx")).toList();
  }

  static long toMb(String size) {
    String s = size.strip().toLowerCase(Locale.ROOT);
    long mult = 1;
    char unit = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
    switch (unit) {
      case 'k' -> mult = 1L << 10;
      case 'm' -> mult = 1L << 20;
      case 'g' -> mult = 1L << 30;
      case 't' -> mult = 1L << 40;
      default -> mult = 1;
    }
    String digits = Character.isDigit(unit) ? s : s.substring(0, s.length() - 1);
    try {
      return Long.parseLong(digits) * mult >> 20;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a JVM memory size: -Xmx" + size, e);
    }
  }
}
