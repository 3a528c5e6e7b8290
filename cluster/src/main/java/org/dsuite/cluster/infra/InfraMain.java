package org.dsuite.cluster.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dsuite.common.logging.LogFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The infrastructure process of a local cluster: a real ZooKeeper server and a real HDFS
 * (MiniDFSCluster) in one JVM. It writes their addresses to {@code <dir>/infra.json} once both are
 * up, and stops them on SIGTERM. {@code bin/cluster} starts and stops it by PID.
 */
@Command(
    name = "infra",
    mixinStandardHelpOptions = true,
    description = "Embedded ZooKeeper + HDFS for a local cluster (started by bin/cluster).")
public final class InfraMain implements Callable<Integer> {
  @Option(names = "--dir", required = true, description = "State directory of the infrastructure.")
  Path dir;

  @Option(
      names = "--zk-port",
      defaultValue = "0",
      description = "ZooKeeper client port (0: any free port).")
  int zkPort;

  @Option(
      names = "--hdfs-port",
      defaultValue = "0",
      description = "NameNode RPC port (0: any free port).")
  int hdfsPort;

  @Option(names = "--datanodes", defaultValue = "3", description = "Number of HDFS DataNodes.")
  int dataNodes;

  @Option(names = "--no-zk", description = "Do not start ZooKeeper (an external ensemble is used).")
  boolean noZk;

  @Option(names = "--no-hdfs", description = "Do not start HDFS (an external NameNode is used).")
  boolean noHdfs;

  public static void main(String[] args) {
    System.exit(new CommandLine(new InfraMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (dataNodes < 1 || dataNodes > 9) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--datanodes must be between 1 and 9, got " + dataNodes);
    }
    LogFiles.directTo(dir.resolve("logs"), "infra");
    Files.createDirectories(dir);
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("pid", ProcessHandle.current().pid());
    EmbeddedZooKeeper zk = null;
    EmbeddedHdfs hdfs = null;
    try {
      if (!noZk) {
        System.out.println("starting ZooKeeper ...");
        zk = EmbeddedZooKeeper.start(dir.resolve("zookeeper"), "127.0.0.1", zkPort, 200);
        info.put("zk", zk.connectString());
        System.out.println("ZooKeeper ready at " + zk.connectString());
      }
      if (!noHdfs) {
        System.out.println("starting HDFS with " + dataNodes + " DataNodes ...");
        hdfs = EmbeddedHdfs.start(dir.resolve("hdfs"), dataNodes, hdfsPort);
        info.put("hdfs", hdfs.uri());
        System.out.println("HDFS ready at " + hdfs.uri());
      }
      writeAtomically(dir.resolve("infra.json"), info);
      CountDownLatch stop = new CountDownLatch(1);
      EmbeddedZooKeeper zkRef = zk;
      EmbeddedHdfs hdfsRef = hdfs;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    closeQuietly(hdfsRef);
                    closeQuietly(zkRef);
                    stop.countDown();
                  },
                  "infra-shutdown"));
      stop.await();
      return 0;
    } catch (Exception | LinkageError e) {
      closeQuietly(hdfs);
      closeQuietly(zk);
      System.err.println("infra: failed to start: " + e);
      e.printStackTrace();
      // Servers may have left non-daemon threads behind: leave no half-started process.
      System.exit(2);
      return 2;
    }
  }

  private static void writeAtomically(Path file, Map<String, Object> info) throws Exception {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), info);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      System.err.println("infra: error while stopping: " + e);
    }
  }
}
