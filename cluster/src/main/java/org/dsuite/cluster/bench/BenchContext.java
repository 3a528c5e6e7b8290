package org.dsuite.cluster.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dsuite.cluster.launcher.ClusterFile;
import org.dsuite.cluster.launcher.LocalCluster;

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
    boolean rainstormNoOutput) {

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

  /** A JVM running {@code main} on this process's class path. */
  static ProcessBuilder java(String main, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main));
    cmd.addAll(args);
    return new ProcessBuilder(cmd);
  }
}
