package org.dsuite.rainstorm.api.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.dsuite.rainstorm.api.OperatorException;
import org.dsuite.rainstorm.api.Params;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.dsuite.rainstorm.api.ops.OperatorKind;
import org.dsuite.rainstorm.api.ops.Operators;

/**
 * A streaming job: operator stages between a source file and a destination file.
 *
 * <p>Command-line form (MP4's positional {@code RainStorm <op1> <op2> <src> <dest> <num_tasks>},
 * with one or more operators, plus flags anywhere):
 *
 * <pre>
 * OP1 [OP2 ...] SRC DEST NUM_TASKS [--param opN.name=value ...]
 *     [--exactly-once | --at-least-once] [--input-rate RECORDS_PER_S] [--no-header] [--no-chain]
 * </pre>
 *
 * <p>Parameters go to stage N by the prefix {@code opN.}; every parameter must belong to a stage,
 * and a built-in stage's parameters are checked (missing, unknown) when the spec is made. The
 * source's first line is its header ({@link CsvSchema}) unless {@code --no-header}.
 *
 * @param operators operator names in stage order (built-in, Java class name or executable path)
 * @param src source file (a DFS name, or a URI with a scheme such as {@code hdfs://})
 * @param dest destination file
 * @param numTasks tasks per stage
 * @param params all stages' parameters, with their {@code opN.} prefixes
 * @param inputRateRecordsPerS source rate limit; 0 = as fast as possible
 * @param header whether line 1 of the source is a header (not a data row)
 * @param chain whether an engine may run the leading stateless operators inside the source tasks
 *     when that is safe ({@link #chainableOperators()}); {@code --no-chain} keeps every operator in
 *     tasks of its own, as MP4 drew it
 */
public record JobSpec(
    List<String> operators,
    String src,
    String dest,
    int numTasks,
    Params params,
    DeliveryMode mode,
    long inputRateRecordsPerS,
    boolean header,
    boolean chain) {
  /** Upper bound on tasks per stage: a typo like 3000 should not schedule 3000 processes. */
  public static final int MAX_TASKS = 1024;

  public static final String USAGE =
      "OP1 [OP2 ...] SRC DEST NUM_TASKS [--param opN.name=value ...]"
          + " [--exactly-once | --at-least-once] [--input-rate RECORDS_PER_S] [--no-header]"
          + " [--no-chain]";

  public JobSpec {
    operators = List.copyOf(operators);
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(mode, "mode");
    if (operators.isEmpty()) {
      throw new JobSpecException("a job needs at least one operator");
    }
    if (src == null || src.isBlank()) {
      throw new JobSpecException("the source file name is empty");
    }
    if (dest == null || dest.isBlank()) {
      throw new JobSpecException("the destination file name is empty");
    }
    if (numTasks < 1 || numTasks > MAX_TASKS) {
      throw new JobSpecException("NUM_TASKS must be 1.." + MAX_TASKS + ", got " + numTasks);
    }
    if (inputRateRecordsPerS < 0) {
      throw new JobSpecException("--input-rate must be >= 0 (0 = unlimited)");
    }
    checkStages(operators, params);
  }

  /** A spec with the defaults: exactly-once, unlimited rate, header on line 1, chaining allowed. */
  public static JobSpec of(
      List<String> operators, String src, String dest, int numTasks, Params params) {
    return new JobSpec(
        operators, src, dest, numTasks, params, DeliveryMode.EXACTLY_ONCE, 0, true, true);
  }

  private static void checkStages(List<String> operators, Params params) {
    Set<String> stages = new TreeSet<>();
    for (int i = 0; i < operators.size(); i++) {
      stages.add(stageName(i));
    }
    for (String scope : params.scopes()) {
      if (!stages.contains(scope)) {
        throw new JobSpecException(
            "parameter prefix '"
                + scope
                + "' names no stage; this job has "
                + String.join(", ", stages)
                + " (use --param opN.name=value)");
      }
    }
    for (int i = 0; i < operators.size(); i++) {
      String op = operators.get(i);
      try {
        if (Operators.kindOf(op) == OperatorKind.BUILT_IN) {
          Operators.validate(op, params.scoped(stageName(i)));
        }
      } catch (OperatorException e) {
        throw new JobSpecException(stageName(i) + " (" + op + "): " + e.getMessage(), e);
      }
    }
  }

  /** Parses the command-line form (see the class comment). */
  public static JobSpec fromArgs(List<String> args) {
    return JobSpecArgs.parse(args);
  }

  /** The arguments {@link #fromArgs} turns back into this spec (for storing a job as text). */
  public List<String> toArgs() {
    List<String> out = new ArrayList<>(operators);
    out.add(src);
    out.add(dest);
    out.add(Integer.toString(numTasks));
    for (String p : params.toAssignments()) {
      out.add("--param");
      out.add(p);
    }
    out.add(mode.flag());
    if (inputRateRecordsPerS > 0) {
      out.add("--input-rate");
      out.add(Long.toString(inputRateRecordsPerS));
    }
    if (!header) {
      out.add("--no-header");
    }
    if (!chain) {
      out.add("--no-chain");
    }
    return out;
  }

  /**
   * How many leading operators an engine may run inside the source tasks (operator chaining, as
   * Spark pipelines a scan with its filters and projections and Flink chains operators): 0 with
   * {@code --no-chain}, otherwise the length of the longest prefix of built-ins that keep no state
   * and need no key routing ({@code filter-contains}, {@code filter-equals}, {@code select}). Any
   * split of the input among their tasks is then as good as another, so source task {@code i} may
   * apply them to its own lines, and the lines they drop never become tuples, frames or log
   * entries. Java classes and executables end the prefix: their statefulness is not known here.
   */
  public int chainableOperators() {
    if (!chain) {
      return 0;
    }
    int n = 0;
    while (n < operators.size() && isStatelessBuiltIn(operators.get(n))) {
      n++;
    }
    return n;
  }

  private static boolean isStatelessBuiltIn(String op) {
    return Operators.kindOf(op) == OperatorKind.BUILT_IN && !Operators.isKeyed(op);
  }

  /** Whether at least the first operator may run inside the source tasks. */
  public boolean chainsFirstOperator() {
    return chainableOperators() > 0;
  }

  /** {@code op1}, {@code op2}, ... for stage index 0, 1, ... */
  public static String stageName(int stage) {
    return "op" + (stage + 1);
  }

  public int stageCount() {
    return operators.size();
  }

  /**
   * Stage {@code stage}'s parameters without the prefix ({@code op1.pattern} → {@code pattern}).
   */
  public Params stageParams(int stage) {
    Objects.checkIndex(stage, operators.size());
    return params.scoped(stageName(stage));
  }

  /**
   * The schema stage {@code stage} reads: the source's for stage 0, then each stage's output schema
   * ({@link Operators#outputSchema}).
   */
  public CsvSchema stageInputSchema(int stage, CsvSchema sourceSchema) {
    Objects.checkIndex(stage, operators.size());
    CsvSchema s = header ? sourceSchema : CsvSchema.none();
    for (int i = 0; i < stage; i++) {
      s = Operators.outputSchema(operators.get(i), stageParams(i), s);
    }
    return s;
  }

  /** The per-record logic of every stage, for engines other than RainStorm (built-ins only). */
  public List<StageLogic> stageLogic(CsvSchema sourceSchema) {
    List<StageLogic> out = new ArrayList<>();
    for (int i = 0; i < operators.size(); i++) {
      out.add(StageLogic.of(operators.get(i), stageParams(i), stageInputSchema(i, sourceSchema)));
    }
    return out;
  }

  public JobSpec withMode(DeliveryMode m) {
    return new JobSpec(
        operators, src, dest, numTasks, params, m, inputRateRecordsPerS, header, chain);
  }

  public JobSpec withInputRate(long recordsPerS) {
    return new JobSpec(operators, src, dest, numTasks, params, mode, recordsPerS, header, chain);
  }

  public JobSpec withChain(boolean c) {
    return new JobSpec(
        operators, src, dest, numTasks, params, mode, inputRateRecordsPerS, header, c);
  }
}
