package org.dsuite.rainstorm.engine.core;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

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
    append = frozen(append);
    send = frozen(send);
    acks = frozen(acks);
  }

  private static <E> List<E> frozen(List<E> l) {
    return l instanceof Frozen<E> ? l : List.copyOf(l);
  }

  /**
   * A read-only view of a list the {@link Builder} filled and then dropped: handing it over instead
   * of copying saves a copy of every action list on the per-batch path.
   */
  private static final class Frozen<E> extends AbstractList<E> implements RandomAccess {
    private final List<E> items;

    Frozen(List<E> items) {
      this.items = items;
    }

    @Override
    public E get(int i) {
      return items.get(i);
    }

    @Override
    public int size() {
      return items.size();
    }
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
          append == null ? List.of() : new Frozen<>(append),
          send == null ? List.of() : new Frozen<>(send),
          acks == null ? List.of() : new Frozen<>(acks));
    }
  }
}
