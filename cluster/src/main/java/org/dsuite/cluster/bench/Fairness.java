package org.dsuite.cluster.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.dsuite.cluster.bench.measure.JvmFlags;

/**
 * Checks, for every run, that the processes it measures really run with the resources the method
 * promises (TOOLCHAIN.md's fairness rules): each JVM's command line is read back from {@code /proc}
 * and compared with the plan. Spark's JVM has {@code -Xmx heap-mb}; each RainStorm worker has
 * {@code heap-mb / nodes} (so both engines get the same total heap), also after a failure run
 * restarted it; the submit client its own small fixed heap; every JVM is the same java executable
 * and has the same other {@code -X} options (garbage collector, heap sizing, JIT). A run that
 * breaks one is an ERROR, never a figure. What was seen goes into the report's environment section.
 */
final class Fairness {
  /** How long a launcher script may take to exec its JVM (bin/spark-baseline is a bash script). */
  private static final long EXEC_WAIT_MS = 30_000;

  /** One measured process and what it is in the comparison. */
  record Proc(String role, long pid, long expectedHeapMb) {}

  private final String java;
  private final Map<String, String> seen = new TreeMap<>();
  private List<String> resourceFlags;

  Fairness(String java) {
    this.java = java;
  }

  /** The java executable this bench runs on; every engine JVM must be this one. */
  static String ownJava() {
    Path p = Path.of(System.getProperty("java.home"), "bin", "java");
    try {
      return p.toRealPath().toString();
    } catch (IOException e) {
      return p.toString();
    }
  }

  /**
   * Reads every process's JVM flags (waiting briefly for a launcher script to exec its JVM) and
   * throws with every problem found.
   */
  synchronized void check(String engine, List<Proc> procs) throws InterruptedException {
    List<String> problems = new ArrayList<>();
    for (Proc p : procs) {
      Optional<JvmFlags> jvm = await(p.pid());
      if (jvm.isEmpty()) {
        problems.add(p.role() + " (pid " + p.pid() + ") is not a running JVM");
        continue;
      }
      problems.addAll(problems(p, jvm.get()));
      seen.put(
          "jvm." + engine + "." + p.role().replaceAll("\\d+$", ""), describe(p.role(), jvm.get()));
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("unfair run: " + String.join("; ", problems));
    }
  }

  private List<String> problems(Proc p, JvmFlags jvm) {
    List<String> out = new ArrayList<>();
    if (jvm.heapMb() != p.expectedHeapMb()) {
      out.add(
          String.format(
              Locale.ROOT,
              "%s (pid %d) has -Xmx %s, expected %d MiB",
              p.role(),
              p.pid(),
              jvm.heapMb() < 0 ? "unset" : jvm.heapMb() + " MiB",
              p.expectedHeapMb()));
    }
    if (!realPath(jvm.java()).equals(java)) {
      out.add(p.role() + " runs " + jvm.java() + ", the others " + java);
    }
    if (resourceFlags == null) {
      resourceFlags = jvm.resourceFlags();
    } else if (!resourceFlags.equals(jvm.resourceFlags())) {
      out.add(
          p.role() + " has JVM options " + jvm.resourceFlags() + ", the others " + resourceFlags);
    }
    return out;
  }

  private static String describe(String role, JvmFlags jvm) {
    List<String> resource = new ArrayList<>();
    if (jvm.heapMb() >= 0) {
      resource.add("-Xmx" + jvm.heapMb() + "m");
    }
    resource.addAll(jvm.resourceFlags());
    return role.replaceAll("\\d+$", "")
        + ": "
        + String.join(" ", resource)
        + " ("
        + jvm.java()
        + ")";
  }

  private static Optional<JvmFlags> await(long pid) throws InterruptedException {
    long deadline = System.currentTimeMillis() + EXEC_WAIT_MS;
    while (true) {
      Optional<JvmFlags> j = JvmFlags.of(pid);
      if (j.isPresent() || System.currentTimeMillis() > deadline || !alive(pid)) {
        return j;
      }
      Thread.sleep(50);
    }
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static String realPath(String p) {
    try {
      return Path.of(p).toRealPath().toString();
    } catch (IOException e) {
      return p;
    }
  }

  /** What the checks saw, for the report's environment section. */
  synchronized Map<String, String> seen() {
    return new TreeMap<>(seen);
  }
}
