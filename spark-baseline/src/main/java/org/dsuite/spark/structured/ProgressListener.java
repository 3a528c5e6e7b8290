package org.dsuite.spark.structured;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.dsuite.spark.metrics.BatchTimeline;

/**
 * Feeds one query's progress events (matched by query name) into a {@link BatchTimeline}. Events
 * arrive asynchronously on Spark's listener bus, so the runner waits for the termination event
 * before reading the timeline: by then every progress event of the query has been delivered.
 */
final class ProgressListener extends StreamingQueryListener {
  private final String queryName;
  private final BatchTimeline timeline;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile java.util.UUID queryId;

  ProgressListener(String queryName, BatchTimeline timeline) {
    this.queryName = queryName;
    this.timeline = timeline;
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    if (queryName.equals(event.name())) {
      queryId = event.id();
    }
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    if (queryName.equals(event.progress().name())) {
      timeline.batchDone(event.progress().numInputRows());
    }
  }

  @Override
  public void onQueryIdle(QueryIdleEvent event) {}

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    if (event.id().equals(queryId)) {
      terminated.countDown();
    }
  }

  /** Waits until our query's termination event has been delivered. */
  boolean awaitTerminated(long timeoutMs) throws InterruptedException {
    return terminated.await(timeoutMs, TimeUnit.MILLISECONDS);
  }
}
