package org.dsuite.cluster.node;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dsuite.rainstorm.engine.core.TaskCoreConfig;
import org.dsuite.rainstorm.engine.leader.LeaderConfig;
import org.dsuite.rainstorm.engine.leader.SwimWorkers;
import org.dsuite.rainstorm.engine.log.TaskLogConfig;
import org.dsuite.rainstorm.engine.net.DataPlaneConfig;
import org.dsuite.rainstorm.engine.worker.Worker;
import org.dsuite.rainstorm.engine.worker.WorkerConfig;

/**
 * The node's RainStorm worker, which is also a leader candidate: it registers in ZooKeeper, runs
 * the tasks the leader assigns it, and keeps its task logs on HDFS. Its failure detector is the
 * node's swim member: the node announces the worker ID in its swim metadata, and the worker (and
 * its leader candidate) use the node's membership, so the node needs its swim service.
 */
final class RainstormService implements NodeService {
  static final ServiceFactory FACTORY =
      (node, settings) -> {
        WorkerConfig worker = WorkerConfig.from(settings);
        TaskCoreConfig core = TaskCoreConfig.from(settings);
        TaskLogConfig logs = TaskLogConfig.from(settings);
        DataPlaneConfig net = DataPlaneConfig.from(settings);
        LeaderConfig leader = LeaderConfig.from(settings);
        return new ServiceFactory.Prepared() {
          @Override
          public Map<String, String> metadata() {
            Map<String, String> m = new LinkedHashMap<>(SwimWorkers.metadata(worker.id()));
            m.put("rainstorm", worker.host() + ":" + worker.port());
            return m;
          }

          @Override
          public void checkDependencies(Duration timeout) {
            Reachability.requireZooKeeper("rainstorm.zk", worker.zk(), timeout);
            Reachability.requireHdfs("rainstorm.hdfs", worker.hdfs(), timeout);
          }

          @Override
          public NodeService start(NodeContext context) throws Exception {
            SwimService swim =
                context
                    .service("swim", SwimService.class)
                    .orElseThrow(
                        () ->
                            new IllegalStateException(
                                "the rainstorm service needs the node's swim service"));
            return new RainstormService(
                Worker.start(worker, core, logs, net, leader, swim.membership()), worker);
          }
        };
      };

  private final Worker worker;
  private final WorkerConfig config;

  private RainstormService(Worker worker, WorkerConfig config) {
    this.worker = worker;
    this.config = config;
  }

  @Override
  public String name() {
    return "rainstorm";
  }

  @Override
  public Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("worker", worker.id());
    s.put("dataPlanePort", worker.port());
    s.put("leader", worker.isLeader());
    s.put("tasks", worker.runningTasks());
    s.put("zk", config.zk());
    s.put("hdfs", config.hdfs());
    return s;
  }

  /**
   * {@code rainstorm_leader}: 1 on the node whose worker leads; {@code rainstorm_tasks}: tasks
   * running here, so a dashboard shows where work moved after a failure.
   */
  @Override
  public void bindMetrics(MeterRegistry registry) {
    Gauge.builder("rainstorm_leader", worker, w -> w.isLeader() ? 1 : 0)
        .description("1 when this node's worker is the RainStorm leader")
        .register(registry);
    Gauge.builder("rainstorm_tasks", worker, w -> w.runningTasks().size())
        .description("RainStorm tasks running on this node")
        .register(registry);
  }

  @Override
  public void close() throws Exception {
    worker.close();
  }
}
