package org.dsuite.rainstorm.api.ops;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dsuite.rainstorm.api.Operator;
import org.dsuite.rainstorm.api.OperatorException;
import org.dsuite.rainstorm.api.ParamException;
import org.dsuite.rainstorm.api.Params;
import org.dsuite.rainstorm.api.csv.CsvSchema;

/**
 * The operator registry: built-ins by name, other Java operators by class name. Executables (a name
 * containing {@code /}) are recognised here but run by the engine.
 */
public final class Operators {
  private static final Pattern CLASS_NAME =
      Pattern.compile(
          "(\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*\\.)+"
              + "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\$[\\p{javaJavaIdentifierPart}]+)*");

  private static final Map<String, BuiltinOperator> BUILT_INS;

  static {
    Map<String, BuiltinOperator> m = new LinkedHashMap<>();
    add(
        m,
        new BuiltinOperator(
            FilterContains.NAME,
            "keeps lines containing 'pattern' (substring of the raw line)",
            List.of("pattern"),
            List.of(),
            false,
            FilterContains::new));
    add(
        m,
        new BuiltinOperator(
            FilterEquals.NAME,
            "keeps rows whose CSV field 'column' (name or 0-based index) equals 'value'",
            List.of("column", "value"),
            List.of(),
            false,
            FilterEquals::new));
    add(
        m,
        new BuiltinOperator(
            Select.NAME,
            "outputs the comma-separated 'columns' of each row as CSV",
            List.of("columns"),
            List.of(),
            false,
            Select::new));
    add(
        m,
        new BuiltinOperator(
            CountBy.NAME,
            "running count per value of 'column'; emits key,count each time a count changes",
            List.of("column"),
            List.of(),
            true,
            CountBy::new));
    BUILT_INS = Collections.unmodifiableMap(m);
  }

  private static void add(Map<String, BuiltinOperator> m, BuiltinOperator op) {
    m.put(op.name(), op);
  }

  private Operators() {}

  /** The built-ins in a stable order. */
  public static List<BuiltinOperator> builtIns() {
    return List.copyOf(BUILT_INS.values());
  }

  public static Optional<BuiltinOperator> builtIn(String name) {
    return Optional.ofNullable(BUILT_INS.get(name));
  }

  /**
   * How {@code name} is run.
   *
   * @throws OperatorException for a name that is none of the three, listing the built-ins
   */
  public static OperatorKind kindOf(String name) {
    if (BUILT_INS.containsKey(name)) {
      return OperatorKind.BUILT_IN;
    }
    if (name.indexOf('/') >= 0) {
      return OperatorKind.EXECUTABLE;
    }
    if (CLASS_NAME.matcher(name).matches()) {
      return OperatorKind.JAVA_CLASS;
    }
    throw new OperatorException(
        "unknown operator '"
            + name
            + "'; built-in operators: "
            + String.join(", ", usages())
            + "; otherwise give a Java class name (com.example.MyOperator) or a path to an"
            + " executable (./my-operator)");
  }

  private static List<String> usages() {
    List<String> out = new ArrayList<>();
    BUILT_INS.values().forEach(b -> out.add(b.usage()));
    return out;
  }

  /**
   * Checks what can be checked before the job runs: a built-in's parameters (missing, unknown); a
   * Java class's loadability. Column names are checked at {@code open}, against the header.
   *
   * @param params this stage's parameters (already scoped: {@code pattern}, not {@code
   *     op1.pattern})
   */
  public static void validate(String name, Params params) {
    switch (kindOf(name)) {
      case BUILT_IN -> {
        BuiltinOperator b = BUILT_INS.get(name);
        List<String> allowed = new ArrayList<>(b.required());
        allowed.addAll(b.optional());
        params.requireOnly(allowed, name);
        for (String r : b.required()) {
          params.require(r);
        }
      }
      case JAVA_CLASS -> loadClass(name);
      case EXECUTABLE -> {}
    }
  }

  /**
   * A new, unopened operator. The caller opens it with an {@code OperatorContext} carrying the same
   * {@code params}.
   *
   * @throws OperatorException for an unknown name, bad parameters, a class that cannot be used, or
   *     an executable (the engine runs those)
   */
  public static Operator create(String name, Params params) {
    validate(name, params);
    return switch (kindOf(name)) {
      case BUILT_IN -> BUILT_INS.get(name).factory().get();
      case JAVA_CLASS -> instantiate(loadClass(name));
      case EXECUTABLE ->
          throw new OperatorException(
              "'" + name + "' is an executable operator: the engine runs it as a process");
    };
  }

  /** Whether the operator keeps keyed state (built-ins by table, classes by type). */
  public static boolean isKeyed(String name) {
    return switch (kindOf(name)) {
      case BUILT_IN -> BUILT_INS.get(name).keyed();
      case JAVA_CLASS ->
          org.dsuite.rainstorm.api.KeyedOperator.class.isAssignableFrom(loadClass(name));
      case EXECUTABLE -> false;
    };
  }

  /**
   * The schema of the lines a stage emits, for resolving the next stage's columns: filters keep
   * their input's schema; {@code select} yields the selected columns; {@code count-by} yields
   * {@code (column, count)}; other operators are opaque, so the next stage gets {@link
   * CsvSchema#none()} (columns by index only).
   */
  public static CsvSchema outputSchema(String name, Params params, CsvSchema input) {
    if (kindOf(name) != OperatorKind.BUILT_IN) {
      return CsvSchema.none();
    }
    try {
      return switch (name) {
        case Select.NAME -> {
          List<String> names = new ArrayList<>();
          for (String c : params.requireList("columns")) {
            names.add(input.hasHeader() ? input.names().get(input.resolve(c)) : c);
          }
          yield CsvSchema.of(names);
        }
        case CountBy.NAME -> {
          String c = params.require("column");
          yield CsvSchema.of(
              List.of(input.hasHeader() ? input.names().get(input.resolve(c)) : c, "count"));
        }
        default -> input;
      };
    } catch (IllegalArgumentException e) {
      throw new ParamException(name + ": " + e.getMessage());
    }
  }

  private static Class<? extends Operator> loadClass(String name) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = Operators.class.getClassLoader();
    }
    Class<?> c;
    try {
      c = Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new OperatorException(
          "operator class '" + name + "' is not on the classpath (" + e + ")", e);
    }
    if (!Operator.class.isAssignableFrom(c)) {
      throw new OperatorException(
          "class '" + name + "' does not implement " + Operator.class.getName());
    }
    return c.asSubclass(Operator.class);
  }

  private static Operator instantiate(Class<? extends Operator> c) {
    try {
      Constructor<? extends Operator> ctor = c.getConstructor();
      return ctor.newInstance();
    } catch (NoSuchMethodException e) {
      throw new OperatorException(
          "operator class '" + c.getName() + "' needs a public no-argument constructor", e);
    } catch (InvocationTargetException e) {
      throw new OperatorException(
          "operator class '" + c.getName() + "' failed to construct: " + e.getCause(), e);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new OperatorException(
          "operator class '" + c.getName() + "' cannot be instantiated: " + e, e);
    }
  }
}
