package org.dsuite.rainstorm.api.ops;

/** How an operator name given to a job is run. */
public enum OperatorKind {
  /** One of {@link Operators#builtIns()}, run in the task's JVM. */
  BUILT_IN,
  /** A fully qualified class name implementing {@code Operator}, loaded by reflection. */
  JAVA_CLASS,
  /**
   * A path to an executable (the name contains {@code /}), run by the engine as one process per
   * task speaking the line protocol of {@code org.dsuite.rainstorm.api.proto.LineProtocol}.
   */
  EXECUTABLE
}
