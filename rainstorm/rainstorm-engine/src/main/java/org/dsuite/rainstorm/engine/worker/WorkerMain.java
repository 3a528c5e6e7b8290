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
import org.dsuite.rainstorm.engine.leader.SwimWorkers;
import org.dsuite.rainstorm.engine.log.TaskLogConfig;
import org.dsuite.rainstorm.engine.net.DataPlaneConfig;
import org.dsuite.swim.SwimConfig;
import org.dsuite.swim.udp.SwimMember;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A RainStorm worker process, and (unless {@code rainstorm.worker.leader=false}) a leader
 * candidate: every worker joins the Curator election, one leads, the others stand by. It also runs
 * a swim member ({@code swim.*} keys: {@code swim.port}, {@code swim.seeds} = other workers' swim
 * addresses) through which the leader detects its failure. Runs until killed; on SIGTERM it leaves
 * the swim group first, so its tasks move at once.
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
    SwimConfig swim;
    try {
      Settings.Builder b = Settings.fromCommandLine(config, sets);
      Settings settings = b.build();
      worker = WorkerConfig.from(settings);
      core = TaskCoreConfig.from(settings);
      logs = TaskLogConfig.from(settings);
      net = DataPlaneConfig.from(settings);
      leader = LeaderConfig.from(settings);
      swim = SwimConfig.from(settings);
      settings.checkNoUnknownKeys();
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("rainstorm-worker: " + e.getMessage());
      return 2;
    }
    LogFiles.directTo(worker.stateDir().resolve("logs"), "rainstorm-worker-" + worker.id());
    SwimMember member;
    try {
      member = SwimMember.start(swim, SwimWorkers.metadata(worker.id()));
    } catch (RuntimeException e) {
      System.err.println("rainstorm-worker: cannot start the swim member: " + e.getMessage());
      return 2;
    }
    Worker w;
    try {
      w = Worker.start(worker, core, logs, net, leader, member);
    } catch (Exception e) {
      member.kill();
      System.err.println("rainstorm-worker: cannot start: " + e);
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    member.leave(); // first, so the leader moves the tasks while we still serve
                    w.close();
                  } catch (Exception e) {
                    System.err.println("rainstorm-worker: close: " + e);
                  } finally {
                    member.kill();
                  }
                  stopped.countDown();
                }));
    System.out.println(
        "rainstorm-worker "
            + w.id()
            + " serving data on "
            + worker.host()
            + ":"
            + w.port()
            + ", swim member "
            + member.self().id());
    System.out.flush();
    stopped.await();
    return 0;
  }
}
