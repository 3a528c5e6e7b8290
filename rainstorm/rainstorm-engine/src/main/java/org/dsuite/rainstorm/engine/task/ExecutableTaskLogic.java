package org.dsuite.rainstorm.engine.task;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dsuite.rainstorm.api.Params;
import org.dsuite.rainstorm.api.Tuple;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.dsuite.rainstorm.api.proto.LineProtocol;
import org.dsuite.rainstorm.api.proto.ProtocolException;
import org.dsuite.rainstorm.api.proto.ProtocolMessage;
import org.dsuite.rainstorm.engine.core.DataTuple;
import org.dsuite.rainstorm.engine.core.TaskLogic;

/**
 * An executable operator (MP4's {@code op_exe}): one process per task, started with its path and no
 * arguments (no shell), speaking rainstorm-api's line protocol ({@link LineProtocol}) on
 * stdin/stdout. The task's parameters go first as {@code P} lines, then the input schema as an
 * {@code H} line, then one {@code T} line per input; the engine waits for that input's {@code O}
 * lines and its {@code D} (or {@code M}: malformed, counted and skipped) before sending the next.
 *
 * <p>A process that exits, closes stdout, answers with a line that breaks the protocol, or does not
 * finish an input within {@code timeoutMs} breaks the logic for good ({@link FatalLogic}): the task
 * fails with that reason (and the last lines of the process's stderr), and is restarted from its
 * log, which never recorded the input.
 */
public final class ExecutableTaskLogic implements TaskLogic, FatalLogic, AutoCloseable {
  /** The parameter (per operator) that sets the per-input timeout; not passed to the process. */
  public static final String TIMEOUT_PARAM = "exec.timeout-ms";

  /** Default per-input timeout: generous for a script, short enough to surface a hung process. */
  public static final long DEFAULT_TIMEOUT_MS = 10_000;

  private static final int STDERR_LINES_KEPT = 5;

  /** How long a failure report waits for an exited process's stderr to be read to its end. */
  private static final long STDERR_DRAIN_MS = 1_000;

  private static final Object EOF = new Object();

  private final String path;
  private final long timeoutMs;
  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<Object> replies = new LinkedBlockingQueue<>();
  private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
  private final Thread stderrPump;
  private final StringBuilder line = new StringBuilder(256);
  private volatile Throwable fatal;
  private volatile long refused;

  /**
   * Starts the process.
   *
   * @param params the stage's parameters without the {@code opN.} prefix
   * @throws IOException if the file is not an executable or cannot be started
   */
  public ExecutableTaskLogic(String path, Params params, CsvSchema inputSchema) throws IOException {
    this.path = path;
    this.timeoutMs = timeoutMs(params);
    Path p = Path.of(path);
    if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
      throw new IOException("operator " + path + " is not an executable file on this worker");
    }
    this.process = new ProcessBuilder(List.of(p.toAbsolutePath().toString())).start();
    this.stdin =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
    daemon("exec-out-" + p.getFileName(), this::pumpStdout);
    this.stderrPump = daemon("exec-err-" + p.getFileName(), this::pumpStderr);
    try {
      for (Map.Entry<String, String> e : params.asMap().entrySet()) {
        if (!e.getKey().equals(TIMEOUT_PARAM)) {
          stdin.write(LineProtocol.param(e.getKey(), e.getValue()));
          stdin.write('\n');
        }
      }
      if (inputSchema.hasHeader()) {
        stdin.write(LineProtocol.header(inputSchema.headerLine()));
        stdin.write('\n');
      }
    } catch (IOException e) {
      close();
      throw new IOException("operator " + path + " did not take its parameters: " + e, e);
    }
  }

  /**
   * The per-input timeout from the stage's parameters.
   *
   * @throws IllegalArgumentException naming the parameter if it is not a positive whole number
   */
  public static long timeoutMs(Params params) {
    String v = params.getOrDefault(TIMEOUT_PARAM, Long.toString(DEFAULT_TIMEOUT_MS));
    try {
      long ms = Long.parseLong(v);
      if (ms >= 1) {
        return ms;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        params.fullName(TIMEOUT_PARAM) + " must be a whole number of ms >= 1, got '" + v + "'");
  }

  private static Thread daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void pumpStdout() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8), 1 << 16)) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        replies.add(l);
      }
    } catch (IOException e) {
      // the process went away: EOF below
    }
    replies.add(EOF);
  }

  private void pumpStderr() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        synchronized (stderrTail) {
          stderrTail.add(l.length() > 200 ? l.substring(0, 200) + "..." : l);
          if (stderrTail.size() > STDERR_LINES_KEPT) {
            stderrTail.poll();
          }
        }
      }
    } catch (IOException e) {
      // the process went away
    }
  }

  @Override
  public void process(DataTuple input, TaskState state, Emitter out) {
    if (fatal != null) {
      refused++;
      throw new IllegalStateException("operator " + path + " is broken", fatal);
    }
    List<Tuple> outputs = new ArrayList<>(2);
    try {
      line.setLength(0);
      LineProtocol.appendInput(line, new Tuple(input.key(), input.value()));
      stdin.append(line);
      stdin.flush();
      long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
      while (true) {
        Object r = replies.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (r == null) {
          throw broken("did not answer an input within " + timeoutMs + " ms");
        }
        if (r == EOF) {
          throw broken("exited or closed its output" + exitStatus());
        }
        ProtocolMessage m = LineProtocol.decode((String) r);
        if (m instanceof ProtocolMessage.Output o) {
          outputs.add(o.tuple());
        } else if (m instanceof ProtocolMessage.Done) {
          break;
        } else if (m instanceof ProtocolMessage.Malformed mf) {
          throw new SkippedInputException("malformed input: " + mf.reason(), null);
        } else {
          throw broken("answered with a '" + ((String) r).charAt(0) + "' line");
        }
      }
    } catch (IOException e) {
      throw broken("cannot take input: " + e.getMessage() + exitStatus());
    } catch (ProtocolException e) {
      throw broken("broke the line protocol: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw broken("interrupted while waiting for an answer");
    }
    for (Tuple t : outputs) {
      out.emit(t.key(), t.value());
    }
  }

  private String exitStatus() {
    try {
      if (process.waitFor(200, TimeUnit.MILLISECONDS)) {
        return " (exit status " + process.exitValue() + ")";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "";
  }

  private RuntimeException broken(String why) {
    if (!process.isAlive()) {
      // The process's last words may still be in the pipe: let the pump reach EOF first.
      try {
        stderrPump.join(STDERR_DRAIN_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String tail;
    synchronized (stderrTail) {
      tail = stderrTail.isEmpty() ? "" : "; its stderr ends: " + String.join(" | ", stderrTail);
    }
    IllegalStateException e = new IllegalStateException("operator " + path + " " + why + tail);
    refused++;
    if (fatal == null) {
      fatal = e;
    }
    process.destroyForcibly();
    return e;
  }

  @Override
  public Throwable fatal() {
    return fatal;
  }

  @Override
  public long inputsRefused() {
    return refused;
  }

  /** Closes stdin (end of input), waits briefly for the process, then kills it. */
  @Override
  public void close() {
    try {
      stdin.close();
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(1, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
