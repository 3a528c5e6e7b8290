package org.dsuite.rainstorm.api.state;

import java.util.Arrays;
import java.util.Objects;

/**
 * One change to a {@link StateStore}: {@code key} now holds {@code value}, or was removed when
 * {@code value} is null. Applying a task's changes in order to its last snapshot rebuilds its
 * state. Immutable: the value is copied in and out.
 */
public final class StateChange {
  private final String key;
  private final byte[] value;

  public StateChange(String key, byte[] value) {
    this(Objects.requireNonNull(key, "key"), value == null ? null : value.clone(), true);
  }

  private StateChange(String key, byte[] owned, boolean unused) {
    this.key = key;
    this.value = owned;
  }

  /** A change that takes ownership of {@code value} (the caller never touches it again). */
  static StateChange owning(String key, byte[] value) {
    return new StateChange(key, value, true);
  }

  public String key() {
    return key;
  }

  /** A copy of the new value, or null for a removal. */
  public byte[] value() {
    return value == null ? null : value.clone();
  }

  /** The value without a copy, for the codec and the store in this package. */
  byte[] valueUnsafe() {
    return value;
  }

  public boolean isRemoval() {
    return value == null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StateChange c && key.equals(c.key) && Arrays.equals(value, c.value);
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "StateChange[" + key + (value == null ? " removed]" : " = " + value.length + " bytes]");
  }
}
