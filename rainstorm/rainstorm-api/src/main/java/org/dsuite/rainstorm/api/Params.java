package org.dsuite.rainstorm.api;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Operator parameters: {@code name=value} pairs as given by {@code --param op1.pattern=Parking}.
 * Immutable and ordered by name. A job's parameters are scoped per stage with {@link
 * #scoped(String)}: {@code op1.pattern} becomes {@code pattern} for the first operator, and error
 * messages still name the full {@code op1.pattern}.
 */
public final class Params implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
  private static final Params EMPTY = new Params(Map.of(), "");

  private final Map<String, String> values;
  private final String prefix;

  private Params(Map<String, String> values, String prefix) {
    this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    this.prefix = prefix;
  }

  public static Params empty() {
    return EMPTY;
  }

  /** Parameters from a map; names must look like {@code pattern} or {@code op1.pattern}. */
  public static Params of(Map<String, String> values) {
    for (Map.Entry<String, String> e : values.entrySet()) {
      checkName(e.getKey());
      if (e.getValue() == null) {
        throw new ParamException("parameter '" + e.getKey() + "' has no value");
      }
    }
    return new Params(values, "");
  }

  /** Convenience for tests and catalogs: {@code of("pattern", "Parking", "x", "y")}. */
  public static Params of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values come in pairs");
    }
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return of(m);
  }

  /**
   * Parses {@code name=value} assignments (split at the first {@code =}; the value may be empty or
   * contain {@code =}). A repeated name is an error, not a silent override.
   */
  public static Params parse(Collection<String> assignments) {
    Map<String, String> m = new TreeMap<>();
    for (String a : assignments) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new ParamException("parameter '" + a + "' is not of the form name=value");
      }
      String name = a.substring(0, eq);
      checkName(name);
      if (m.put(name, a.substring(eq + 1)) != null) {
        throw new ParamException("parameter '" + name + "' is given twice");
      }
    }
    return new Params(m, "");
  }

  private static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ParamException(
          "bad parameter name '" + name + "': use letters, digits, '_', '-' and '.'");
    }
  }

  /** The parameters under {@code prefix.}, with the prefix removed. */
  public Params scoped(String scope) {
    String p = scope + ".";
    Map<String, String> m = new TreeMap<>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith(p)) {
            m.put(k.substring(p.length()), v);
          }
        });
    return new Params(m, prefix + p);
  }

  /** The distinct first components of dotted names ({@code op1} of {@code op1.pattern}). */
  public Set<String> scopes() {
    Set<String> s = new TreeSet<>();
    for (String k : values.keySet()) {
      int dot = k.indexOf('.');
      s.add(dot < 0 ? k : k.substring(0, dot));
    }
    return s;
  }

  public Optional<String> get(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /** The value of a required parameter; a clear error if it is missing. */
  public String require(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new ParamException("missing parameter '" + fullName(name) + "'");
    }
    return v;
  }

  /** A required parameter that must not be empty. */
  public String requireNonEmpty(String name) {
    String v = require(name);
    if (v.isEmpty()) {
      throw new ParamException("parameter '" + fullName(name) + "' must not be empty");
    }
    return v;
  }

  /** A required comma-separated list of non-empty items. */
  public List<String> requireList(String name) {
    String v = requireNonEmpty(name);
    List<String> out = new ArrayList<>();
    for (String item : v.split(",", -1)) {
      if (item.isEmpty()) {
        throw new ParamException(
            "parameter '" + fullName(name) + "' has an empty item in '" + v + "'");
      }
      out.add(item);
    }
    return List.copyOf(out);
  }

  public String getOrDefault(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /**
   * Rejects names outside {@code allowed}, so a typo such as {@code op1.patern} stops the job.
   *
   * @param owner what takes these parameters, for the message (e.g. "filter-contains")
   */
  public void requireOnly(Collection<String> allowed, String owner) {
    for (String k : values.keySet()) {
      if (!allowed.contains(k)) {
        throw new ParamException(
            "unknown parameter '"
                + fullName(k)
                + "' for "
                + owner
                + (allowed.isEmpty()
                    ? ", which takes no parameters"
                    : "; it takes: " + String.join(", ", new TreeSet<>(allowed))));
      }
    }
  }

  /** {@code name} as the user wrote it, with this scope's prefix. */
  public String fullName(String name) {
    return prefix + name;
  }

  public Set<String> names() {
    return values.keySet();
  }

  public Map<String, String> asMap() {
    return values;
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** A copy with one more (or a replaced) parameter. */
  public Params with(String name, String value) {
    checkName(name);
    Map<String, String> m = new TreeMap<>(values);
    m.put(name, value);
    return new Params(m, prefix);
  }

  /** The {@code name=value} assignments that {@link #parse} turns back into these parameters. */
  public List<String> toAssignments() {
    List<String> out = new ArrayList<>();
    values.forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Params p && values.equals(p.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
