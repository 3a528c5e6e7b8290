package org.dsuite.common.config;

/**
 * An invalid or unknown configuration value. The message always names the key and where the value
 * came from, so a user can fix it without reading code. Start-up stops on this exception.
 */
public final class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  /** The configuration key at fault, e.g. {@code swim.port}. */
  public String key() {
    return key;
  }
}
