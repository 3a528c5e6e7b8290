package org.dsuite.dfs.core;

import java.nio.charset.StandardCharsets;

/**
 * File names are opaque keys, never local paths: {@code ../../etc/passwd} is just a key. The rules
 * keep keys printable in listings and bounded in size.
 */
public final class FileNames {
  /** The largest name the protocol accepts, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 1024;

  private FileNames() {}

  /**
   * Returns {@code name} if it is a valid key, else throws {@link IllegalArgumentException} saying
   * why.
   */
  public static String validate(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("file name must not be empty");
    }
    if (name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("file name must not contain NUL");
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(
          "file name is " + bytes + " bytes; the limit is " + MAX_NAME_BYTES);
    }
    return name;
  }
}
