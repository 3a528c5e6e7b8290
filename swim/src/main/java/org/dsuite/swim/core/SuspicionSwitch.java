package org.dsuite.swim.core;

import java.util.Objects;
import org.dsuite.swim.api.MemberId;

/**
 * The cluster-wide suspicion setting ({@code enable_sus} / {@code disable_sus}), disseminated like
 * any update. The highest {@code version} wins; equal versions are ordered by origin so every
 * member settles on the same value.
 */
public record SuspicionSwitch(boolean enabled, long version, MemberId origin) implements Gossip {
  /** Key shared by every switch update: only the newest is queued. */
  public static final Object KEY = "suspicion-switch";

  public SuspicionSwitch {
    Objects.requireNonNull(origin, "origin");
    if (version < 0) {
      throw new IllegalArgumentException("version must be >= 0, got " + version);
    }
  }

  /** True if this setting should replace {@code other}. */
  public boolean newerThan(SuspicionSwitch other) {
    if (version != other.version) {
      return version > other.version;
    }
    int c = origin.compareTo(other.origin);
    return c != 0 ? c > 0 : enabled && !other.enabled;
  }

  @Override
  public Object key() {
    return KEY;
  }
}
