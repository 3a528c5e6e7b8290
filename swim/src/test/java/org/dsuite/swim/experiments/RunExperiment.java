package org.dsuite.swim.experiments;

import java.lang.reflect.Method;

/**
 * Runs one experiment of {@link SwimExperiments} by name in a plain JVM, so several can run at once
 * from one build (surefire runs them one after another):
 *
 * <pre>
 * cd swim &amp;&amp; java -cp target/test-classes:target/classes:$(cat cp.txt) \
 *     org.dsuite.swim.experiments.RunExperiment detectionTimeVersusSimultaneousFailures
 * </pre>
 */
public final class RunExperiment {
  private RunExperiment() {}

  public static void main(String[] args) throws Exception {
    for (String name : args) {
      Method m = SwimExperiments.class.getDeclaredMethod(name);
      m.setAccessible(true);
      long t0 = System.nanoTime();
      m.invoke(new SwimExperiments());
      System.out.printf("%s took %.0f s%n", name, (System.nanoTime() - t0) / 1e9);
    }
  }
}
