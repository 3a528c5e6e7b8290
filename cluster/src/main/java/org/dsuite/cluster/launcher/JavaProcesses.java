package org.dsuite.cluster.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts JVMs of the suite as separate, detached processes with this JVM's classpath. No shell is
 * involved: the command is an argument list. Each process gets its own session (via {@code setsid}
 * when available) so closing the user's terminal does not take the cluster down.
 */
final class JavaProcesses {
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private JavaProcesses() {}

  static ManagedProcess start(
      String mainClass, List<String> jvmFlags, List<String> args, Path consoleLog)
      throws IOException {
    Files.createDirectories(consoleLog.getParent());
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      cmd.add(SETSID.toString());
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog.toFile()))
            .redirectErrorStream(true);
    return ManagedProcess.of(pb.start().toHandle());
  }
}
