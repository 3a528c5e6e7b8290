package org.dsuite.rainstorm.api.job;

import java.util.ArrayList;
import java.util.List;
import org.dsuite.rainstorm.api.ParamException;
import org.dsuite.rainstorm.api.Params;

/** The command-line parser of {@link JobSpec}: positionals plus flags in any order. */
final class JobSpecArgs {
  private JobSpecArgs() {}

  static JobSpec parse(List<String> args) {
    List<String> positional = new ArrayList<>();
    List<String> assignments = new ArrayList<>();
    DeliveryMode mode = null;
    long rate = 0;
    boolean header = true;
    boolean chain = true;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--param") || a.equals("-p")) {
        assignments.add(value(args, ++i, a));
      } else if (a.startsWith("--param=")) {
        assignments.add(a.substring("--param=".length()));
      } else if (a.equals("--exactly-once") || a.equals("--at-least-once")) {
        DeliveryMode m =
            a.equals("--exactly-once") ? DeliveryMode.EXACTLY_ONCE : DeliveryMode.AT_LEAST_ONCE;
        if (mode != null && mode != m) {
          throw new JobSpecException("give only one of --exactly-once and --at-least-once");
        }
        mode = m;
      } else if (a.equals("--input-rate")) {
        rate = rate(value(args, ++i, a));
      } else if (a.startsWith("--input-rate=")) {
        rate = rate(a.substring("--input-rate=".length()));
      } else if (a.equals("--no-header")) {
        header = false;
      } else if (a.equals("--no-chain")) {
        chain = false;
      } else if (a.startsWith("-") && a.length() > 1 && !isNumber(a)) {
        throw new JobSpecException("unknown option '" + a + "'; usage: " + JobSpec.USAGE);
      } else {
        positional.add(a);
      }
    }
    if (positional.size() < 4) {
      throw new JobSpecException(
          "expected operators, SRC, DEST and NUM_TASKS, got "
              + positional.size()
              + " arguments; usage: "
              + JobSpec.USAGE);
    }
    int n = positional.size();
    int tasks = tasks(positional.get(n - 1));
    Params params;
    try {
      params = Params.parse(assignments);
    } catch (ParamException e) {
      throw new JobSpecException(e.getMessage(), e);
    }
    return new JobSpec(
        positional.subList(0, n - 3),
        positional.get(n - 3),
        positional.get(n - 2),
        tasks,
        params,
        mode == null ? DeliveryMode.EXACTLY_ONCE : mode,
        rate,
        header,
        chain);
  }

  private static String value(List<String> args, int i, String flag) {
    if (i >= args.size()) {
      throw new JobSpecException(flag + " needs a value");
    }
    return args.get(i);
  }

  private static boolean isNumber(String s) {
    return s.matches("-?\\d+");
  }

  private static int tasks(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new JobSpecException("NUM_TASKS must be a whole number, got '" + s + "'");
    }
  }

  private static long rate(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new JobSpecException(
          "--input-rate must be a whole number of records/s, got '" + s + "'");
    }
  }
}
