package org.dsuite.dfs.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dsuite.dfs.core.BlockId;
import org.dsuite.dfs.core.ReplicaState;
import org.dsuite.dfs.core.RingNode;
import org.dsuite.dfs.rpc.Connection;
import org.dsuite.dfs.rpc.FrameInput;
import org.dsuite.dfs.rpc.Status;
import org.dsuite.dfs.rpc.Wire;

/**
 * The coordinator side of create, append and delete. A write goes to ALL replicas of the current
 * view and is acknowledged only when each has it durably. If a replica cannot be reached the write
 * is retried (with a fresh view, since swim will remove a dead node) until {@code
 * dfs.write-deadline-ms}; a replica that lacks earlier writes is brought up to date from one that
 * has them before the new write is applied, so each client's order holds everywhere.
 */
final class WriteOps {
  private final HydfsNode node;

  WriteOps(HydfsNode node) {
    this.node = node;
  }

  /** A write attempt that should be retried with a fresh view. */
  private static final class RetryException extends Exception {
    RetryException(String message) {
      super(message);
    }
  }

  /** The request was answered (no data follows from the client). */
  private static final class AnsweredException extends Exception {
    AnsweredException() {
      super(null, null, false, false);
    }
  }

  void create(DataInputStream in, DataOutputStream out) throws IOException {
    String name = ReplicaOps.readName(in);
    String client = Wire.readString(in, BlockId.MAX_CLIENT_ID_CHARS);
    checkClient(client);
    List<ReplicaClient.WriteStream> streams;
    try {
      streams = retrying(out, () -> openCreate(name, client, out));
    } catch (AnsweredException e) {
      return;
    }
    pump(in, out, streams, node.config().maxFileBytes());
  }

  private List<ReplicaClient.WriteStream> openCreate(
      String name, String client, DataOutputStream out)
      throws IOException, RetryException, AnsweredException {
    List<RingNode> replicas = writeReplicas(name);
    List<String> ids = ids(replicas);
    List<StatReply> stats = new ArrayList<>();
    for (RingNode r : replicas) {
      stats.add(node.peers().stat(r.address(), name));
    }
    long maxGen = -1;
    int mineIndex = -1;
    for (int i = 0; i < stats.size(); i++) {
      ReplicaState s = stats.get(i).state();
      maxGen = Math.max(maxGen, ReplicaState.generationOf(s));
      if (s instanceof ReplicaState.Present p) {
        if (!p.blocks().get(0).equals(new BlockId(client, 0))) {
          answer(out, Status.EXISTS, "file exists: " + name);
        }
        if (mineIndex < 0
            || p.generation() > ReplicaState.generationOf(stats.get(mineIndex).state())) {
          mineIndex = i;
        }
      }
    }
    if (mineIndex >= 0) {
      // An earlier attempt of this very create reached some replicas: finish it, don't redo it.
      String holder = replicas.get(mineIndex).address();
      for (RingNode r : replicas) {
        if (!r.address().equals(holder)
            && node.peers().push(holder, name, r.address()) != Status.OK) {
          throw new RetryException("could not complete the create on " + r.id());
        }
      }
      answer(out, Status.DUPLICATE, "");
    }
    long gen = Math.max(System.currentTimeMillis(), maxGen + 1);
    List<ReplicaClient.WriteStream> streams = new ArrayList<>();
    try {
      for (RingNode r : replicas) {
        ReplicaClient.WriteStream w = node.peers().openCreate(r.address(), name, gen, client, ids);
        streams.add(w);
        if (w.first.status() == Status.EXISTS) {
          abortAll(streams, "file exists");
          answer(out, Status.EXISTS, "file exists: " + name);
        }
        if (!w.ready()) {
          throw new RetryException(r.id() + " answered " + w.first.status());
        }
      }
    } catch (IOException | RetryException e) {
      abortAll(streams, "create aborted");
      throw e;
    }
    return streams;
  }

  void append(DataInputStream in, DataOutputStream out) throws IOException {
    String name = ReplicaOps.readName(in);
    String client = Wire.readString(in, BlockId.MAX_CLIENT_ID_CHARS);
    checkClient(client);
    long seq = in.readLong();
    if (seq < 1) {
      throw new org.dsuite.dfs.rpc.ProtocolException("append sequence numbers start at 1");
    }
    BlockId id = new BlockId(client, seq);
    List<ReplicaClient.WriteStream> streams;
    try {
      streams = retrying(out, () -> openAppend(name, id, out));
    } catch (AnsweredException e) {
      return;
    }
    pump(in, out, streams, node.config().maxAppendBytes());
  }

  private List<ReplicaClient.WriteStream> openAppend(String name, BlockId id, DataOutputStream out)
      throws IOException, RetryException, AnsweredException {
    List<RingNode> replicas = writeReplicas(name);
    List<String> ids = ids(replicas);
    List<ReplicaClient.WriteStream> streams = new ArrayList<>();
    try {
      String good = null;
      List<RingNode> lagging = new ArrayList<>();
      boolean gap = false;
      for (RingNode r : replicas) {
        ReplicaClient.WriteStream w = node.peers().openAppend(r.address(), name, id, ids);
        Status s = w.first.status();
        if (s == Status.READY || s == Status.DUPLICATE) {
          streams.add(w);
          good = good == null ? r.address() : good;
        } else if (s == Status.GAP || s == Status.NOT_FOUND) {
          gap |= s == Status.GAP;
          lagging.add(r);
        } else if (s == Status.TOO_LARGE) {
          abortAll(streams, "too many appends");
          answer(out, s, "the file has reached dfs.max-blocks-per-file appends");
        } else {
          throw new RetryException(r.id() + " answered " + s + " " + w.first.message());
        }
      }
      if (good == null) {
        abortAll(streams, "no replica");
        if (gap) {
          answer(out, Status.GAP, "append " + id + " is out of order: an earlier one is missing");
        }
        answer(out, Status.NOT_FOUND, "no such file: " + name);
      }
      for (RingNode r : lagging) {
        if (node.peers().push(good, name, r.address()) != Status.OK) {
          throw new RetryException("could not bring " + r.id() + " up to date");
        }
        ReplicaClient.WriteStream w = node.peers().openAppend(r.address(), name, id, ids);
        streams.add(w);
        if (w.first.status() != Status.READY && w.first.status() != Status.DUPLICATE) {
          throw new RetryException(r.id() + " still answers " + w.first.status());
        }
      }
    } catch (IOException | RetryException e) {
      abortAll(streams, "append aborted");
      throw e;
    }
    if (streams.stream().noneMatch(ReplicaClient.WriteStream::ready)) {
      answer(out, Status.DUPLICATE, "");
    }
    return streams;
  }

  void delete(DataInputStream in, DataOutputStream out) throws IOException {
    String name = ReplicaOps.readName(in);
    try {
      retrying(
          out,
          () -> {
            List<RingNode> replicas = writeReplicas(name);
            long gen = -1;
            for (RingNode r : replicas) {
              ReplicaState s = node.peers().stat(r.address(), name).state();
              if (s instanceof ReplicaState.Present p) {
                gen = Math.max(gen, p.generation());
              }
            }
            if (gen < 0) {
              answer(out, Status.NOT_FOUND, "no such file: " + name);
            }
            for (RingNode r : replicas) {
              Status s = node.peers().tombstone(r.address(), name, gen);
              if (s != Status.OK && s != Status.DUPLICATE && s != Status.STALE) {
                throw new RetryException(r.id() + " answered " + s);
              }
            }
            answer(out, Status.OK, "");
            return null;
          });
    } catch (AnsweredException e) {
      // answered
    }
  }

  /**
   * The replicas a write must reach: all of them in this server's current view, and at least {@link
   * DfsConfig#requiredWriteReplicas()}. A server that sees fewer (it has just started and not yet
   * learned of every member, or too many members failed at once) retries rather than ack a write
   * held by fewer copies than promised. Each replica also checks that its own view places the file
   * on this same set ({@code NOT_REPLICA} otherwise), which catches a coordinator whose view is
   * partial but not small.
   */
  private List<RingNode> writeReplicas(String name) throws RetryException {
    List<RingNode> replicas = node.replicas(name);
    int need = node.config().requiredWriteReplicas();
    if (replicas.size() < need) {
      throw new RetryException(
          "this server sees "
              + replicas.size()
              + " HyDFS servers; a write needs "
              + need
              + " replicas (dfs.min-write-replicas)");
    }
    return replicas;
  }

  private static List<String> ids(List<RingNode> replicas) {
    List<String> ids = new ArrayList<>(replicas.size());
    for (RingNode r : replicas) {
      ids.add(r.id());
    }
    return ids;
  }

  private interface Attempt<T> {
    T run() throws IOException, RetryException, AnsweredException;
  }

  /** Runs an attempt until it succeeds, answers, or the write deadline passes. */
  private <T> T retrying(DataOutputStream out, Attempt<T> attempt)
      throws IOException, AnsweredException {
    long deadline = System.currentTimeMillis() + node.config().writeDeadlineMs();
    String last = "no replica";
    while (true) {
      if (node.ring().size() == 0) {
        last = "no HyDFS server in the membership view";
      } else if (!node.gate().open()) {
        last = node.gate().refusal();
      } else {
        try {
          return attempt.run();
        } catch (RetryException e) {
          last = e.getMessage();
        } catch (IOException e) {
          last = e.toString();
        }
      }
      if (System.currentTimeMillis() >= deadline) {
        answer(out, Status.UNAVAILABLE, "write failed: " + last);
      }
      node.pause(200);
    }
  }

  /** Sends the client READY, forwards its data to every ready replica, then reports. */
  private void pump(
      DataInputStream in,
      DataOutputStream out,
      List<ReplicaClient.WriteStream> streams,
      long maxBytes)
      throws IOException {
    List<ReplicaClient.WriteStream> ready = new ArrayList<>();
    for (ReplicaClient.WriteStream w : streams) {
      if (w.ready()) {
        ready.add(w);
      }
    }
    Wire.writeStatus(out, Status.READY, "");
    out.flush();
    FrameInput data = new FrameInput(in, Wire.MAX_FRAME_BYTES, maxBytes);
    byte[] buf = new byte[node.config().chunkBytes()];
    String failure = null;
    try {
      int n;
      while ((n = data.read(buf, 0, buf.length)) >= 0) {
        if (failure != null) {
          continue; // keep draining the client so it gets our answer
        }
        try {
          for (ReplicaClient.WriteStream w : ready) {
            w.write(buf, 0, n);
          }
        } catch (IOException e) {
          failure = "a replica failed during the transfer: " + e;
          abortAll(ready, "coordinator gave up");
        }
      }
    } catch (IOException e) {
      abortAll(ready, "client transfer failed");
      throw e;
    }
    if (failure == null) {
      List<ReplicaClient.WriteStream> ended = new ArrayList<>();
      for (ReplicaClient.WriteStream w : ready) {
        try {
          w.end();
          ended.add(w);
        } catch (IOException e) {
          failure = w.address() + " failed: " + e;
        }
      }
      for (ReplicaClient.WriteStream w : ended) {
        try {
          Connection.Reply r = w.verdict();
          if (r.status() != Status.OK && r.status() != Status.DUPLICATE) {
            failure = w.address() + " answered " + r.status() + " " + r.message();
          }
        } catch (IOException e) {
          failure = w.address() + " failed: " + e;
        }
      }
    }
    if (failure == null) {
      Wire.writeStatus(out, Status.OK, "");
    } else {
      Wire.writeStatus(out, Status.UNAVAILABLE, failure + " (retry)");
    }
  }

  private static void abortAll(List<ReplicaClient.WriteStream> streams, String reason) {
    for (ReplicaClient.WriteStream w : streams) {
      if (w.ready()) {
        w.abort(reason);
      }
    }
  }

  private static void answer(DataOutputStream out, Status s, String message)
      throws IOException, AnsweredException {
    Wire.writeStatus(out, s, message);
    throw new AnsweredException();
  }

  private static void checkClient(String client) throws IOException {
    if (client.isEmpty() || client.length() > BlockId.MAX_CLIENT_ID_CHARS) {
      throw new org.dsuite.dfs.rpc.ProtocolException("bad client id");
    }
  }
}
