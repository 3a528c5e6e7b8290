package org.dsuite.swim.experiments;

import java.lang.reflect.Method;

/**
 * Runs one experiment of {@link SwimExperiments} (or another class) by name in a plain JVM, so
 * several can run at once from one build (surefire runs them one after another):
 *
 * <pre>
 * cd swim &amp;&amp; java -cp target/test-classes:target/classes:$(cat cp.txt) \
 *     org.dsuite.swim.experiments.RunExperiment detectionTimeVersusSimultaneousFailures
 *     [RealUdpExperiment#bandwidthFalsePositivesAndDetectionOnLoopback ...]
 * </pre>
 */
public final class RunExperiment {
  private RunExperiment() {}

  public static void main(String[] args) throws Exception {
    for (String name : args) {
      // "method" of SwimExperiments, or "Class#method" of another class in this package
      Class<?> c =
          name.contains("#")
              ? Class.forName(
                  RunExperiment.class.getPackageName() + "." + name.substring(0, name.indexOf('#')))
              : SwimExperiments.class;
      Method m = c.getDeclaredMethod(name.substring(name.indexOf('#') + 1));
      m.setAccessible(true);
      var ctor = c.getDeclaredConstructor();
      ctor.setAccessible(true);
      long t0 = System.nanoTime();
      m.invoke(ctor.newInstance());
      System.out.printf("%s took %.0f s%n", name, (System.nanoTime() - t0) / 1e9);
    }
  }
}
