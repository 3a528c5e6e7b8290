package org.dsuite.rainstorm.engine.leader;

/**
 * The znodes RainStorm keeps in ZooKeeper, under a configurable root (default {@code /rainstorm}):
 *
 * <pre>
 * ROOT/leader/...                        Curator LeaderLatch participants (ephemeral sequential)
 * ROOT/leader-epoch                      its version is the leader epoch ({@link LeaderEpoch})
 * ROOT/workers/WORKER_ID                 ephemeral, one per live worker; data: its data-plane host:port
 * ROOT/jobs/JOB_ID/spec                  the job definition (JobRecord text), written once at submit
 * ROOT/jobs/JOB_ID/state                 RUNNING | DONE | FAILED | KILLED, then an optional message line
 * ROOT/jobs/JOB_ID/assignment            "epoch=N" then one "STAGE-TASK=WORKER_ID" line per task
 * ROOT/jobs/JOB_ID/progress/STAGE-TASK   written by the worker running the task ({@link TaskProgress})
 * </pre>
 *
 * Everything a standby leader needs to take over a running job is here: the job, its state and
 * where its tasks run. Task progress lives in the task logs on HDFS, not in ZooKeeper.
 */
public final class ZkLayout {
  private final String root;

  public ZkLayout(String root) {
    if (!root.startsWith("/") || root.endsWith("/") || root.length() < 2) {
      throw new IllegalArgumentException("ZooKeeper root must look like /name: '" + root + "'");
    }
    this.root = root;
  }

  public String root() {
    return root;
  }

  public String leader() {
    return root + "/leader";
  }

  public String leaderEpoch() {
    return root + "/leader-epoch";
  }

  public String workers() {
    return root + "/workers";
  }

  public String worker(String id) {
    return workers() + "/" + checkName(id);
  }

  public String jobs() {
    return root + "/jobs";
  }

  public String job(String id) {
    return jobs() + "/" + checkName(id);
  }

  public String spec(String job) {
    return job(job) + "/spec";
  }

  public String state(String job) {
    return job(job) + "/state";
  }

  public String assignment(String job) {
    return job(job) + "/assignment";
  }

  public String progress(String job) {
    return job(job) + "/progress";
  }

  public String progress(String job, String task) {
    return progress(job) + "/" + checkName(task);
  }

  /** Names become path elements: letters, digits, '.', '_', ':' and '-' only. */
  public static String checkName(String name) {
    if (name == null
        || !name.matches("[A-Za-z0-9._:-]{1,100}")
        || name.equals(".")
        || name.equals("..")) {
      throw new IllegalArgumentException("name must be 1..100 of [A-Za-z0-9._:-]: '" + name + "'");
    }
    return name;
  }
}
