package org.dsuite.common.logging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Points the log file of this process at a directory, before the first logger is created.
 *
 * <p>Logs go to {@code <dir>/<name>.log} (the bundled {@code logback.xml} reads the two system
 * properties set here); only user-facing output goes to stdout. A main class calls this first
 * thing, before touching any class that holds a static logger.
 */
public final class LogFiles {
  public static final String DIR_PROPERTY = "dsuite.log.dir";
  public static final String NAME_PROPERTY = "dsuite.log.name";

  private LogFiles() {}

  /** Sends this process's log to {@code dir/name.log}; creates {@code dir} if needed. */
  public static Path directTo(Path dir, String name) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create log directory " + dir, e);
    }
    System.setProperty(DIR_PROPERTY, dir.toAbsolutePath().toString());
    System.setProperty(NAME_PROPERTY, name);
    return dir.resolve(name + ".log");
  }
}
