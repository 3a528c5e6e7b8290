package org.dsuite.rainstorm.engine.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dsuite.rainstorm.engine.core.TaskKey;
import org.dsuite.rainstorm.engine.leader.JobStore;

/**
 * What a job that did not finish was waiting for, for the test's failure message: the assignment,
 * every task's last progress report, and from each worker's log the tasks it reported stalled
 * ({@code TaskSupervisor}'s "processed no input" and "not running" warnings), a busy worker loop
 * ({@code LoopWatch}, with its stack), task failures, and from the thread dumps the worker loop's
 * stack. A CI failure otherwise leaves only "submit did not end".
 */
final class StallReport {
  private static final int LINES_PER_WORKER = 12;

  private StallReport() {}

  static String of(WorkerCluster c, JobStore store, String name) {
    StringBuilder b = new StringBuilder();
    try {
      List<String> ids = store.jobIds();
      for (String id : ids) {
        b.append("job ").append(id).append(' ').append(store.state(id));
        store
            .assignment(id)
            .assignment()
            .ifPresent(a -> b.append(", epoch ").append(a.epoch()).append(' ').append(a.workers()));
        b.append('\n');
        Map<TaskKey, JobStore.Report> progress = new TreeMap<>(store.progress(id));
        progress.forEach(
            (k, r) ->
                b.append("  ")
                    .append(k)
                    .append(": ")
                    .append(r.progress().worker())
                    .append(" epoch ")
                    .append(r.progress().epoch())
                    .append(r.progress().quiet() ? " quiet" : " busy")
                    .append(" inputs ")
                    .append(r.progress().inputs())
                    .append(r.progress().failure().isEmpty() ? "" : " " + r.progress().failure())
                    .append('\n'));
      }
    } catch (Exception e) {
      b.append("(ZooKeeper not readable: ").append(e).append(")\n");
    }
    for (Path log : c.workerLogs()) {
      b.append("-- ").append(log.getFileName()).append('\n');
      for (String line : tail(log, StallReport::telling, LINES_PER_WORKER)) {
        b.append("  ").append(line).append('\n');
      }
    }
    try (Stream<Path> dumps = Files.list(c.tmp)) {
      for (Path d :
          dumps.filter(p -> p.getFileName().toString().startsWith(name + "-jstack-")).toList()) {
        b.append("-- ").append(d.getFileName()).append(": worker loop\n");
        for (String line : loopStack(d)) {
          b.append("  ").append(line).append('\n');
        }
      }
    } catch (IOException e) {
      b.append("(no thread dumps: ").append(e).append(")\n");
    }
    return b.toString();
  }

  private static boolean telling(String line) {
    return line.contains("processed no input")
        || line.contains("not running for")
        || line.contains("worker loop busy")
        || line.contains("stopping it took")
        || line.contains("failed (")
        || line.contains("start failed")
        || (line.contains(" ERROR ") && !line.contains("LeaderLatch"));
  }

  /** The last {@code n} lines of {@code file} that pass {@code keep}, and after each the next. */
  private static List<String> tail(Path file, java.util.function.Predicate<String> keep, int n) {
    List<String> out = new ArrayList<>();
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (keep.test(lines.get(i))) {
          out.add(cut(lines.get(i)));
          if (lines.get(i).contains("worker loop busy")) {
            for (int j = i + 1; j < Math.min(lines.size(), i + 9); j++) {
              out.add(cut(lines.get(j)));
            }
          }
        }
      }
    } catch (IOException e) {
      return List.of("(unreadable: " + e + ")");
    }
    return out.subList(Math.max(0, out.size() - n), out.size());
  }

  private static String cut(String line) {
    return line.length() > 400 ? line.substring(0, 400) + "..." : line;
  }

  /** The first frames of the worker loop thread ({@code rainstorm-worker-ID}) in a jstack dump. */
  private static List<String> loopStack(Path dump) {
    List<String> out = new ArrayList<>();
    try {
      List<String> lines = Files.readAllLines(dump, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).startsWith("\"rainstorm-worker-")) {
          for (int j = i; j < Math.min(lines.size(), i + 8) && !lines.get(j).isBlank(); j++) {
            out.add(lines.get(j).trim());
          }
        }
      }
    } catch (IOException e) {
      out.add("(unreadable: " + e + ")");
    }
    return out;
  }
}
