package org.dsuite.rainstorm.api;

/** Where an operator sends its outputs for the input it is processing. */
@FunctionalInterface
public interface Emitter {
  void emit(Tuple output);

  default void emit(String key, String value) {
    emit(new Tuple(key, value));
  }
}
