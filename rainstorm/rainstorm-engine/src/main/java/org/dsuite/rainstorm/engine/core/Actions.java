package org.dsuite.rainstorm.engine.core;

import java.util.ArrayList;
import java.util.List;

/**
 * What the shell must do after feeding an event to a {@link TaskCore}.
 *
 * <p>Ordering rule: {@code append} goes to the task log in order. {@code send} and {@code acks}
 * only ever concern records that are already durable (the core releases them from {@link
 * TaskCore#onDurable}), so the shell may send them at once; it must never send or acknowledge
 * anything the core has not handed out here. In at-least-once mode the shell reports every append
 * durable immediately.
 */
public record Actions(List<LogRecord> append, List<Output> send, List<Ack> acks) {
  public static final Actions NONE = new Actions(List.of(), List.of(), List.of());

  public Actions {
    append = List.copyOf(append);
    send = List.copyOf(send);
    acks = List.copyOf(acks);
  }

  public boolean isEmpty() {
    return append.isEmpty() && send.isEmpty() && acks.isEmpty();
  }

  /** Collects actions while the core handles one event. */
  static final class Builder {
    private List<LogRecord> append;
    private List<Output> send;
    private List<Ack> acks;

    void append(LogRecord r) {
      if (append == null) {
        append = new ArrayList<>();
      }
      append.add(r);
    }

    void send(Output o) {
      if (send == null) {
        send = new ArrayList<>();
      }
      send.add(o);
    }

    void ack(Ack a) {
      if (acks == null) {
        acks = new ArrayList<>();
      }
      acks.add(a);
    }

    Actions build() {
      if (append == null && send == null && acks == null) {
        return NONE;
      }
      return new Actions(
          append == null ? List.of() : append,
          send == null ? List.of() : send,
          acks == null ? List.of() : acks);
    }
  }
}
