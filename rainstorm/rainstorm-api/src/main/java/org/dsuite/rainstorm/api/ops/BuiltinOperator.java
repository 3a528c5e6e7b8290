package org.dsuite.rainstorm.api.ops;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.dsuite.rainstorm.api.Operator;

/**
 * A built-in operator: its name, parameters and whether it keeps keyed state.
 *
 * @param required parameters that must be given
 * @param optional parameters that may be given
 */
public record BuiltinOperator(
    String name,
    String summary,
    List<String> required,
    List<String> optional,
    boolean keyed,
    Supplier<Operator> factory) {
  public BuiltinOperator {
    Objects.requireNonNull(name);
    required = List.copyOf(required);
    optional = List.copyOf(optional);
  }

  /** {@code name(param, ...)}, for help and error messages. */
  public String usage() {
    return name + "(" + String.join(", ", required) + ")";
  }
}
