package org.dsuite.cluster.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The machine and build a report was measured on, and the method notes it carries. */
public final class Environment {
  private Environment() {}

  public static Map<String, String> describe(Path home) {
    Map<String, String> m = new TreeMap<>();
    m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("memory_total", memTotal());
    m.put("load_average_at_start", loadAverage());
    m.put("git_commit", gitCommit(home));
    String pom = read(home.resolve("pom.xml"));
    for (String p : List.of("spark.version", "hadoop.version", "zookeeper.version")) {
      Matcher x = Pattern.compile("<" + Pattern.quote(p) + ">([^<]+)<").matcher(pom);
      m.put(p, x.find() ? x.group(1) : "unknown");
    }
    return m;
  }

  /**
   * Whether the RainStorm on this class path (the one {@code rainstorm submit} runs with) has
   * {@code submit --report}, and with it {@code --input-rate} and {@code --no-output}: they came
   * together (the job report class). Probing the CLI does not work: {@code submit} takes free-form
   * job arguments, so it has no {@code --help}.
   */
  static boolean rainstormHasReport() {
    try {
      Class.forName(
          "org.dsuite.rainstorm.engine.cli.JobReport", false, Environment.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  static List<String> notes(boolean rainstormReport) {
    List<String> n = new ArrayList<>();
    n.add(
        "Same input rows on the same HDFS (embedded MiniDFSCluster): one file for RainStorm, the"
            + " same rows split into header-prefixed files for Spark's file source. Outputs,"
            + " RainStorm's task logs and Spark's checkpoints on that HDFS.");
    n.add(
        "Exactly-once on both: RainStorm's default mode; Spark's file source + file sink"
            + " (App1) or foreachBatch idempotent per batch id (App2), checkpointed.");
    n.add(
        "Same resources: Spark local[tasks] with -Xmx heap_mb; RainStorm tasks per stage ="
            + " Spark partitions, its workers' heaps sum to heap_mb (restarted workers too). Every"
            + " run's JVMs are checked from /proc/PID/cmdline (heap, java executable, -X/-XX"
            + " options; see the jvm.* and fairness.* entries); an unequal run is an ERROR. All on"
            + " one 2-core machine shared with other work: see the load average.");
    n.add(
        "Wall time: process start of `rainstorm submit` (exits when the job is DONE, after the"
            + " sink's output is durable) or of `bin/spark-baseline` (SparkSubmit; exits after the"
            + " last batch commits) to its exit. Both include a JVM start.");
    n.add(
        "Spark start-up (JVM start -> session ready) is reported separately; Spark steady"
            + " throughput is rows of batches 2..n over their time (one batch: its own time).");
    n.add(
        rainstormReport
            ? "RainStorm steady throughput (0.8 x records / (t90 - t10) of the sources' count)"
                + " and latency (source read, or the scheduled send time under --input-rate, ->"
                + " the sink's hflush containing the output, per output tuple) come from"
                + " `rainstorm submit --report`; its rate runs read rate x latency_run_ms rows"
                + " paced by --input-rate. Its workers outlive a job: one untimed warm-up job per"
                + " dataset and app (rainstorm_warmup_rows rows) runs before the first measured"
                + " run, so no measured job carries their JIT warm-up."
            : "RainStorm steady throughput is rows / wall time (start-up included: conservative"
                + " for RainStorm), because `rainstorm submit` has no --report yet; RainStorm"
                + " latency is not measured (n/a) and it has no open-loop rate runs, because it"
                + " has no --input-rate yet.");
    n.add(
        "Spark latency (both APIs): full speed = the file's batch completion - submission"
            + " (all input present at submission); rate runs = an open-loop feeder moves one"
            + " file per latency_file_ms into the source directory and a row's latency is its"
            + " batch's completion - its file's arrival; a warm-up file is excluded. Completion:"
            + " Structured Streaming's checkpoint commits/N (NameNode time), DStreams' --batch-log"
            + " (after the batch's output was published; includes up to one 1 s batch interval)."
            + " Arrival is per file (bursts), so latency is, if anything, over-stated.");
    n.add(
        "Open-loop clock (rate runs, both engines): it starts when the engine's pipeline is up,"
            + " and the time before is the run's start-up, reported apart: Spark's feeder starts"
            + " once the warm-up file's batch has committed; RainStorm's paced sources start their"
            + " schedule once every task of the job has started and reported (start-up measured from"
            + " the submit process's start to the first source's schedule start;"
            + " at most rainstorm.worker.paced-start-wait-ms after the first read).");
    n.add(
        "Failure runs: failure_at_ms after the job began processing, RainStorm loses two"
            + " workers (SIGKILL, restarted after the run), Spark (both APIs) its driver+executor"
            + " JVM (SIGKILL) and is resubmitted from its checkpoint; wall time from the first"
            + " submission; output checked against the reference.");
    n.add(
        "CPU seconds and peak RSS: /proc/PID/stat and status sampled every 100 ms; RainStorm ="
            + " its worker node JVMs (growth during the run) + the submit JVM; Spark = the"
            + " SparkSubmit JVM (driver and executor in local mode). The shared HDFS/ZooKeeper"
            + " process is counted for neither.");
    n.add(
        "Every run's output is checked against rainstorm-api's Reference (rows as a multiset,"
            + " or final counts per key); a mismatch marks the run FAILED and excludes it.");
    return n;
  }

  private static String memTotal() {
    for (String line : read(Path.of("/proc/meminfo")).split("\n")) {
      if (line.startsWith("MemTotal:")) {
        return line.substring(9).strip();
      }
    }
    return "unknown";
  }

  static String loadAverage() {
    String s = read(Path.of("/proc/loadavg")).strip();
    String[] f = s.split("\\s+");
    return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "unknown";
  }

  private static String gitCommit(Path home) {
    try {
      Process p =
          new ProcessBuilder("git", "-C", home.toString(), "rev-parse", "HEAD")
              .redirectErrorStream(true)
              .start();
      try {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return p.waitFor() == 0 ? out : "unknown";
      } finally {
        p.destroyForcibly().waitFor();
      }
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "";
    }
  }
}
