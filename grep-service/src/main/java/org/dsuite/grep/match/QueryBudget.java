package org.dsuite.grep.match;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A query's deadline and cancellation flag, checked while a scan runs and, every few thousand
 * characters, inside the regex engine's reads (see {@link LineSequence}): a pattern that backtracks
 * catastrophically is stopped by its budget instead of holding a thread forever.
 */
public final class QueryBudget {
  private final long deadlineNanos;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private volatile String cancelReason = "cancelled";

  private QueryBudget(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  /** A budget that ends {@code budgetMs} from now. */
  public static QueryBudget ofMillis(long budgetMs) {
    return new QueryBudget(System.nanoTime() + budgetMs * 1_000_000L);
  }

  /** No deadline (still cancellable). */
  public static QueryBudget unlimited() {
    return new QueryBudget(Long.MAX_VALUE);
  }

  public void cancel(String reason) {
    cancelReason = reason;
    cancelled.set(true);
  }

  /** True once {@link #cancel} was called (as opposed to the deadline passing). */
  public boolean isCancelled() {
    return cancelled.get();
  }

  /** Throws if the query was cancelled or its time is up. */
  public void check() {
    if (cancelled.get()) {
      throw new BudgetExceededException(cancelReason);
    }
    if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
      throw new BudgetExceededException("query exceeded its time budget");
    }
  }

  /** Thrown from inside a scan when the budget ends it. */
  public static final class BudgetExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BudgetExceededException(String message) {
      super(message, null, false, false);
    }
  }
}
