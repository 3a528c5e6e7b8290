package org.dsuite.grep.server;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dsuite.common.config.ConfigException;

/**
 * The files a server may read: configured globs such as {@code logs/*.log}, each split into a root
 * directory (the part before the first wildcard) and a pattern under it. A client names files only
 * by a glob relative to the roots; the server walks its roots (without following links), keeps
 * regular files matching both globs, and resolves each to its real path, which must still lie under
 * the root's real path: {@code ..}, absolute paths and symlinks leading out are refused.
 */
public final class LogRoots {
  private static final Pattern WILDCARD = Pattern.compile("[*?\\[{]");

  /** One configured root and the server-side pattern under it. */
  private record Root(Path realDir, PathMatcher matcher, String glob) {}

  /** A file a query may read: its real path and the name shown in output. */
  public record LogFile(Path realPath, String displayName) {}

  private final List<Root> roots;
  private final int maxFiles;
  private final int maxDepth;

  private LogRoots(List<Root> roots, int maxFiles, int maxDepth) {
    this.roots = roots;
    this.maxFiles = maxFiles;
    this.maxDepth = maxDepth;
  }

  /** Resolves the configured globs against {@code base} (the server's working directory). */
  public static LogRoots of(List<String> globs, Path base, int maxFiles, int maxDepth) {
    List<Root> roots = new ArrayList<>();
    for (String g : globs) {
      String[] parts = g.split("/", -1);
      int firstWild = 0;
      while (firstWild < parts.length - 1 && !WILDCARD.matcher(parts[firstWild]).find()) {
        firstWild++;
      }
      String dir = String.join("/", java.util.Arrays.copyOfRange(parts, 0, firstWild));
      String rest = String.join("/", java.util.Arrays.copyOfRange(parts, firstWild, parts.length));
      Path d =
          g.startsWith("/") && dir.isEmpty()
              ? Path.of("/")
              : base.resolve(dir.isEmpty() ? "." : dir);
      try {
        Path real = d.toRealPath();
        if (!Files.isDirectory(real)) {
          throw new ConfigException("grep.logs", "not a directory: " + d);
        }
        roots.add(new Root(real, FileSystems.getDefault().getPathMatcher("glob:" + rest), rest));
      } catch (IOException e) {
        throw new ConfigException("grep.logs", "log directory " + d + " is not readable: " + e);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("grep.logs", "bad glob '" + g + "': " + e.getMessage());
      }
    }
    return new LogRoots(List.copyOf(roots), maxFiles, maxDepth);
  }

  /**
   * The files matching a client glob ({@code ""} for all), sorted by name.
   *
   * @throws IllegalArgumentException if the glob is absolute, climbs with {@code ..}, or is
   *     otherwise unsafe (the message is sent to the client)
   */
  public List<LogFile> resolve(String clientGlob) throws IOException {
    PathMatcher client = clientMatcher(clientGlob);
    TreeMap<String, LogFile> found = new TreeMap<>();
    for (Root root : roots) {
      // Files.walk does not follow links: a linked directory is not entered.
      try (Stream<Path> walk = Files.walk(root.realDir(), maxDepth)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          Path rel = root.realDir().relativize(p);
          if (rel.toString().isEmpty() || !root.matcher().matches(rel)) {
            continue;
          }
          if (client != null && !client.matches(rel)) {
            continue;
          }
          Path real = safeRealFile(root.realDir(), p);
          if (real != null) {
            found.putIfAbsent(rel.toString(), new LogFile(real, rel.toString()));
            if (found.size() > maxFiles) {
              throw new IllegalArgumentException(
                  "the glob matches more than " + maxFiles + " files (grep.max-files)");
            }
          }
        }
      }
    }
    return List.copyOf(found.values());
  }

  /** The real path of a regular file that stays under {@code realRoot}, or null. */
  static Path safeRealFile(Path realRoot, Path p) {
    try {
      Path real = p.toRealPath();
      if (!real.startsWith(realRoot)) {
        return null;
      }
      return Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS) ? real : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static PathMatcher clientMatcher(String glob) {
    if (glob.isEmpty()) {
      return null;
    }
    if (glob.length() > 1024
        || glob.startsWith("/")
        || glob.startsWith("~")
        || glob.contains("\\")
        || glob.indexOf('\0') >= 0
        || glob.matches("^[A-Za-z]:.*")) {
      throw new IllegalArgumentException("file glob must be a relative path under the log roots");
    }
    for (String seg : glob.split("/", -1)) {
      if (seg.equals("..") || seg.equals(".") || seg.isEmpty()) {
        throw new IllegalArgumentException("file glob may not contain '..', '.' or empty segments");
      }
    }
    try {
      return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad file glob: " + e.getMessage());
    }
  }
}
