package org.dsuite.cluster.demo;

import java.io.IOException;
import java.nio.file.Path;
import org.dsuite.cluster.launcher.LocalCluster;

/** Stops what an interrupted earlier demo left running (by recorded PID and start time). */
final class DemoCluster {
  private DemoCluster() {}

  static void stopLeftover(Path clusterDir) throws IOException {
    LocalCluster.attach(clusterDir)
        .ifPresent(c -> c.stop(line -> System.out.println("previous demo: " + line)));
  }
}
