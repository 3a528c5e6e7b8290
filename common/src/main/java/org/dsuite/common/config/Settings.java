package org.dsuite.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one configuration format of the suite: flat {@code key = value} lines (Java properties
 * syntax) with dotted lower-case keys such as {@code swim.probe-interval-ms}, layered as
 *
 * <ol>
 *   <li>the defaults written in each component's config record,
 *   <li>a config file ({@code --config FILE}),
 *   <li>environment variables: {@code DSUITE_} + the key upper-cased with {@code .} and {@code -}
 *       turned into {@code _} (so {@code swim.probe-interval-ms} is {@code
 *       DSUITE_SWIM_PROBE_INTERVAL_MS}),
 *   <li>command-line flags ({@code --set key=value}, or a flag a CLI maps to a key).
 * </ol>
 *
 * <p>Later layers win. Typed getters validate and throw {@link ConfigException} naming the key and
 * the layer the bad value came from. Every key read is remembered, so {@link #checkNoUnknownKeys()}
 * can reject a typo in a file or a flag instead of silently ignoring it.
 */
public final class Settings {
  /** Prefix of environment variables that override keys. */
  public static final String ENV_PREFIX = "DSUITE_";

  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z0-9][a-z0-9-]*)*");

  private record Value(String text, String source) {}

  /**
   * One key as a component read it: its default as written in the component's config record, and
   * the value in force with the layer it came from ({@code default} when no layer set it).
   */
  public record Entry(String key, String defaultValue, String value, String source) {}

  private final Map<String, Value> explicit;
  private final Map<String, String> env;
  private final Set<String> read;
  private final Map<String, Entry> entries;
  private final String prefix;

  private Settings(
      Map<String, Value> explicit,
      Map<String, String> env,
      Set<String> read,
      Map<String, Entry> entries,
      String prefix) {
    this.explicit = explicit;
    this.env = env;
    this.read = read;
    this.entries = entries;
    this.prefix = prefix;
  }

  /**
   * Settings with no file and no overrides: every getter returns its default (env still applies).
   */
  public static Settings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The layers every command line gives: this process's environment, then {@code --config FILE} (if
   * not null), then each {@code --set key=value}. A CLI may add its own named flags to the returned
   * builder before {@link Builder#build()}.
   */
  public static Builder fromCommandLine(Path configFile, Collection<String> assignments) {
    Builder b = builder().env(System.getenv());
    if (configFile != null) {
      b.file(configFile);
    }
    for (String a : assignments) {
      b.set(a);
    }
    return b;
  }

  /** Builds the layers in order; later calls win over earlier ones of the same layer. */
  public static final class Builder {
    private final Map<String, Value> fileValues = new LinkedHashMap<>();
    private final Map<String, Value> flagValues = new LinkedHashMap<>();
    private Map<String, String> env = Map.of();

    private Builder() {}

    /** Reads a properties file; a missing or unreadable file is a {@link ConfigException}. */
    public Builder file(Path file) {
      Properties props = new Properties();
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        props.load(in);
      } catch (IOException e) {
        throw new ConfigException("config", "cannot read config file " + file + ": " + e);
      }
      for (String key : new TreeSet<>(props.stringPropertyNames())) {
        fileValues.put(
            checkKey(key, "file " + file),
            new Value(props.getProperty(key).strip(), "file " + file));
      }
      return this;
    }

    /** Environment to consult, normally {@code System.getenv()}. */
    public Builder env(Map<String, String> env) {
      this.env = Map.copyOf(env);
      return this;
    }

    /** One command-line override. */
    public Builder set(String key, String value) {
      flagValues.put(checkKey(key, "command line"), new Value(value, "command line"));
      return this;
    }

    /** Parses {@code key=value}, as given to {@code --set}. */
    public Builder set(String assignment) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("--set", "expected key=value, got '" + assignment + "'");
      }
      return set(assignment.substring(0, eq).strip(), assignment.substring(eq + 1));
    }

    public Settings build() {
      Map<String, Value> merged = new LinkedHashMap<>(fileValues);
      merged.putAll(flagValues);
      return new Settings(
          Collections.unmodifiableMap(merged),
          env,
          ConcurrentHashMap.newKeySet(),
          new ConcurrentHashMap<>(),
          "");
    }

    private static String checkKey(String key, String source) {
      if (!KEY.matcher(key).matches()) {
        throw new ConfigException(
            key, "malformed key (from " + source + "): use lower-case words joined by '.' and '-'");
      }
      return key;
    }
  }

  /** A view in which every key is relative to {@code section}, e.g. {@code section("swim")}. */
  public Settings section(String section) {
    return new Settings(explicit, env, read, entries, prefix + section + ".");
  }

  /** The environment variable that overrides {@code key}. */
  public static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private Value lookup(String relativeKey) {
    String key = prefix + relativeKey;
    read.add(key);
    Value flagOrFile = explicit.get(key);
    if (flagOrFile != null && flagOrFile.source().equals("command line")) {
      return flagOrFile;
    }
    String envValue = env.get(envName(key));
    if (envValue != null) {
      return new Value(envValue.strip(), "environment " + envName(key));
    }
    return flagOrFile;
  }

  private <T> T parse(String relativeKey, T dflt, String expected, Function<String, T> parser) {
    Value v = lookup(relativeKey);
    String key = prefix + relativeKey;
    String shownDefault = show(dflt);
    entries.put(
        key,
        v == null
            ? new Entry(key, shownDefault, shownDefault, "default")
            : new Entry(key, shownDefault, v.text(), v.source()));
    if (v == null) {
      return dflt;
    }
    try {
      return parser.apply(v.text());
    } catch (RuntimeException e) {
      throw new ConfigException(
          prefix + relativeKey,
          "expected " + expected + ", got '" + v.text() + "' (from " + v.source() + ")");
    }
  }

  private static String showBytes(long n) {
    String[] units = {"GB", "MB", "KB"};
    long[] sizes = {1L << 30, 1L << 20, 1L << 10};
    for (int i = 0; i < units.length; i++) {
      if (n >= sizes[i] && n % sizes[i] == 0) {
        return n / sizes[i] + units[i];
      }
    }
    return String.valueOf(n);
  }

  /** A default as a user would write it in a file. */
  private static String show(Object dflt) {
    if (dflt == null) {
      return "";
    }
    if (dflt instanceof Duration d) {
      return d.toMillis() % 1000 == 0 && d.toMillis() > 0
          ? d.toSeconds() + "s"
          : d.toMillis() + "ms";
    }
    if (dflt instanceof List<?> l) {
      return String.join(",", l.stream().map(String::valueOf).toList());
    }
    return String.valueOf(dflt);
  }

  /**
   * Every key read so far, sorted, with its default and the value in force: what {@code bin/node
   * --print-config} shows, and what the generated config reference lists.
   */
  public List<Entry> entries() {
    return entries.values().stream().sorted(Comparator.comparing(Entry::key)).toList();
  }

  private ConfigException outOfRange(String relativeKey, Object got, String range) {
    Value v = lookup(relativeKey);
    String source = v == null ? "default" : v.source();
    return new ConfigException(
        prefix + relativeKey, "must be " + range + ", got " + got + " (from " + source + ")");
  }

  /** True if the key is set in any layer above the defaults. */
  public boolean isSet(String key) {
    return lookup(key) != null;
  }

  public String string(String key, String dflt) {
    return parse(key, dflt, "a string", s -> s);
  }

  /** A string that must be non-empty. */
  public String nonEmpty(String key, String dflt) {
    String s = string(key, dflt);
    if (s == null || s.isEmpty()) {
      throw outOfRange(key, "''", "non-empty");
    }
    return s;
  }

  public long longIn(String key, long dflt, long min, long max) {
    long v = parse(key, dflt, "an integer", s -> Long.parseLong(s.replace("_", "")));
    if (v < min || v > max) {
      throw outOfRange(key, v, "between " + min + " and " + max);
    }
    return v;
  }

  public int intIn(String key, int dflt, int min, int max) {
    return (int) longIn(key, dflt, min, max);
  }

  public double doubleIn(String key, double dflt, double min, double max) {
    double v = parse(key, dflt, "a number", Double::parseDouble);
    if (!(v >= min && v <= max)) {
      throw outOfRange(key, v, "between " + min + " and " + max);
    }
    return v;
  }

  public boolean bool(String key, boolean dflt) {
    return parse(
        key,
        dflt,
        "true or false",
        s -> {
          if (s.equalsIgnoreCase("true")) {
            return true;
          }
          if (s.equalsIgnoreCase("false")) {
            return false;
          }
          throw new IllegalArgumentException(s);
        });
  }

  /**
   * A duration in milliseconds; the key should end in {@code -ms}. Accepts a plain number or a
   * number with a unit suffix ({@code ms}, {@code s}, {@code m}).
   */
  public Duration millis(String key, Duration dflt, Duration min, Duration max) {
    Duration d =
        parse(key, dflt, "a duration such as 500, 500ms, 2s or 1m", Settings::parseDuration);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw outOfRange(
          key,
          d.toMillis() + " ms",
          "between " + min.toMillis() + " and " + max.toMillis() + " ms");
    }
    return d;
  }

  /** A byte size: a number with an optional {@code KB/MB/GB} (powers of 1024) suffix. */
  public long bytes(String key, long dflt, long min, long max) {
    long v = parse(key, dflt, "a size such as 4096, 64KB, 256MB or 1GB", Settings::parseBytes);
    String shown = showBytes(dflt);
    entries.computeIfPresent(
        prefix + key,
        (k, e) ->
            new Entry(k, shown, e.source().equals("default") ? shown : e.value(), e.source()));
    if (v < min || v > max) {
      throw outOfRange(key, v + " bytes", "between " + min + " and " + max + " bytes");
    }
    return v;
  }

  public Path path(String key, Path dflt) {
    return parse(key, dflt, "a path", Path::of);
  }

  /** A comma-separated list; empty items are dropped. */
  public List<String> list(String key, List<String> dflt) {
    return parse(
        key,
        dflt,
        "a comma-separated list",
        s -> {
          List<String> out = new ArrayList<>();
          for (String item : s.split(",")) {
            if (!item.isBlank()) {
              out.add(item.strip());
            }
          }
          return List.copyOf(out);
        });
  }

  /** One of a fixed set of lower-case words. */
  public String oneOf(String key, String dflt, Set<String> allowed) {
    String v = string(key, dflt);
    if (!allowed.contains(v)) {
      throw outOfRange(key, "'" + v + "'", "one of " + new TreeSet<>(allowed));
    }
    return v;
  }

  /**
   * Fails if a file or a flag set a key that no component read: a typo must not be silently
   * ignored. Call it after every config record has been built.
   */
  public void checkNoUnknownKeys() {
    for (Map.Entry<String, Value> e : explicit.entrySet()) {
      if (!read.contains(e.getKey())) {
        throw new ConfigException(
            e.getKey(),
            "unknown key (from " + e.getValue().source() + ")" + suggestion(e.getKey()));
      }
    }
  }

  private String suggestion(String unknown) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : read) {
      int d = editDistance(unknown, known);
      if (d < bestDistance) {
        bestDistance = d;
        best = known;
      }
    }
    return best != null && bestDistance <= 3 ? "; did you mean " + best + "?" : "";
  }

  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  static Duration parseDuration(String s) {
    String t = s.strip().toLowerCase(Locale.ROOT).replace("_", "");
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip()));
    }
    if (t.endsWith("s")) {
      return Duration.ofMillis(
          Math.round(Double.parseDouble(t.substring(0, t.length() - 1).strip()) * 1000));
    }
    if (t.endsWith("m")) {
      return Duration.ofMillis(
          Math.round(Double.parseDouble(t.substring(0, t.length() - 1).strip()) * 60_000));
    }
    return Duration.ofMillis(Long.parseLong(t));
  }

  static long parseBytes(String s) {
    String t = s.strip().toUpperCase(Locale.ROOT).replace("_", "");
    long unit = 1;
    if (t.endsWith("B") && t.length() > 1 && "KMG".indexOf(t.charAt(t.length() - 2)) >= 0) {
      t = t.substring(0, t.length() - 1);
    }
    if (t.endsWith("K")) {
      unit = 1L << 10;
    } else if (t.endsWith("M")) {
      unit = 1L << 20;
    } else if (t.endsWith("G")) {
      unit = 1L << 30;
    }
    if (unit != 1) {
      t = t.substring(0, t.length() - 1).strip();
    } else if (t.endsWith("B")) {
      t = t.substring(0, t.length() - 1).strip();
    }
    return Math.multiplyExact(Long.parseLong(t), unit);
  }
}
