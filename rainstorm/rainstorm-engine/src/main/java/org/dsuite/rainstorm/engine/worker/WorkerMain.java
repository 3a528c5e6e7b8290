package org.dsuite.rainstorm.engine.worker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;
import org.dsuite.common.logging.LogFiles;
import org.dsuite.rainstorm.engine.core.TaskCoreConfig;
import org.dsuite.rainstorm.engine.leader.LeaderConfig;
import org.dsuite.rainstorm.engine.log.TaskLogConfig;
import org.dsuite.rainstorm.engine.net.DataPlaneConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A RainStorm worker process, and (unless {@code rainstorm.worker.leader=false}) a leader
 * candidate: every worker joins the Curator election, one leads, the others stand by. Runs until
 * killed.
 */
@Command(
    name = "rainstorm-worker",
    mixinStandardHelpOptions = true,
    description = "Runs one RainStorm worker (and leader candidate).")
public final class WorkerMain implements Callable<Integer> {
  @Option(names = "--config", description = "properties file with rainstorm.* keys")
  Path config;

  @Option(names = "--set", description = "override one key, e.g. --set rainstorm.zk=HOST:PORT")
  List<String> sets = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new WorkerMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    WorkerConfig worker;
    TaskCoreConfig core;
    TaskLogConfig logs;
    DataPlaneConfig net;
    LeaderConfig leader;
    try {
      Settings.Builder b = Settings.fromCommandLine(config, sets);
      Settings settings = b.build();
      worker = WorkerConfig.from(settings);
      core = TaskCoreConfig.from(settings);
      logs = TaskLogConfig.from(settings);
      net = DataPlaneConfig.from(settings);
      leader = LeaderConfig.from(settings);
      settings.checkNoUnknownKeys();
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("rainstorm-worker: " + e.getMessage());
      return 2;
    }
    LogFiles.directTo(worker.stateDir().resolve("logs"), "rainstorm-worker-" + worker.id());
    Worker w;
    try {
      w = Worker.start(worker, core, logs, net, leader);
    } catch (Exception e) {
      System.err.println("rainstorm-worker: cannot start: " + e);
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    w.close();
                  } catch (Exception e) {
                    System.err.println("rainstorm-worker: close: " + e);
                  }
                  stopped.countDown();
                }));
    System.out.println(
        "rainstorm-worker " + w.id() + " serving data on " + worker.host() + ":" + w.port());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
