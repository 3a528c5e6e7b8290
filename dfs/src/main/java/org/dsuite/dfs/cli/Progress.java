package org.dsuite.dfs.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.dsuite.dfs.client.HydfsClient;

/** A progress bar on stderr, shown only for transfers over {@link HydfsMain#PROGRESS_BYTES}. */
final class Progress implements HydfsClient.Progress, AutoCloseable {
  private final String task;
  private ProgressBar bar;

  private Progress(String task) {
    this.task = task;
  }

  static Progress start(String task, long total) {
    Progress p = new Progress(task);
    p.update(0, total);
    return p;
  }

  /** Decides on the bar when the total becomes known (downloads). */
  static Progress lazy(String task) {
    return new Progress(task);
  }

  @Override
  public void update(long done, long total) {
    if (bar == null && total > HydfsMain.PROGRESS_BYTES) {
      bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.ASCII)
              .setUnit("MB", 1 << 20)
              .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
              .build();
    }
    if (bar != null) {
      bar.stepTo(done);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
