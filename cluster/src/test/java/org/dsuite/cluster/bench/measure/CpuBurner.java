package org.dsuite.cluster.bench.measure;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** A child process for {@link ProcSamplerTest}: uses exactly ARG ms of CPU, then idles briefly. */
public final class CpuBurner {
  private CpuBurner() {}

  public static void main(String[] args) throws InterruptedException {
    long cpuNanos = Long.parseLong(args[0]) * 1_000_000L;
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long x = 0;
    while (mx.getCurrentThreadCpuTime() < cpuNanos) {
      for (int i = 0; i < 100_000; i++) {
        x += i * 31L;
      }
    }
    System.out.println(x);
    // Stay alive so the sampler sees the final CPU figure before the process goes away.
    Thread.sleep(700);
  }
}
