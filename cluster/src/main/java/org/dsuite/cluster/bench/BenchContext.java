package org.dsuite.cluster.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.dsuite.cluster.launcher.ClusterFile;
import org.dsuite.cluster.launcher.LocalCluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every run needs: the settings, the cluster, the data, where files go, and a name unique to
 * this bench invocation so HDFS outputs of an earlier bench on the same cluster never collide.
 */
record BenchContext(
    BenchConfig config,
    Path home,
    LocalCluster cluster,
    BenchData data,
    String benchId,
    boolean rainstormReport,
    boolean rainstormNoOutput,
    Fairness fairness) {
  private static final Logger LOG = LoggerFactory.getLogger(BenchContext.class);

  String hdfs() {
    return cluster.file().hdfs();
  }

  /** An HDFS URI under this bench's own directory. */
  String hdfsPath(String relative) {
    return hdfs() + "/bench/" + benchId + "/" + relative;
  }

  Path runDir(String name) throws IOException {
    Path d = config.outDir().resolve("runs").resolve(name);
    Files.createDirectories(d);
    return d;
  }

  /** The PIDs of the live RainStorm worker nodes. */
  List<Long> workerPids() {
    List<Long> pids = new ArrayList<>();
    for (ClusterFile.Node n : cluster.file().nodes()) {
      if (n.process() != null && n.process().alive()) {
        pids.add(n.process().pid());
      }
    }
    return pids;
  }

  /** The live RainStorm workers as measured processes, each expected at the per-worker heap. */
  List<Fairness.Proc> workerProcs() {
    List<Fairness.Proc> out = new ArrayList<>();
    for (ClusterFile.Node n : cluster.file().nodes()) {
      if (n.process() != null && n.process().alive()) {
        out.add(
            new Fairness.Proc("rainstorm-" + n.name(), n.process().pid(), config.workerHeapMb()));
      }
    }
    return out;
  }

  /**
   * Deletes a finished run's HDFS output, checkpoint and staged input once its output has been
   * checked (unless {@code bench.keep-outputs}), so a 10 M-row sweep holds one run's output at a
   * time. A failure to delete is logged, not fatal: the run's figures are already taken.
   */
  void cleanUp(String... uris) {
    if (config.keepOutputs()) {
      return;
    }
    try (FileSystem fs = FileSystem.newInstance(URI.create(hdfs()), new Configuration())) {
      for (String u : uris) {
        fs.delete(BenchData.hpath(u), true);
      }
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", List.of(uris), e.toString());
    }
  }

  /** A JVM running {@code main} on this process's class path, with {@code jvmFlags}. */
  static ProcessBuilder java(String main, List<String> jvmFlags, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
    cmd.addAll(args);
    return new ProcessBuilder(cmd);
  }
}
