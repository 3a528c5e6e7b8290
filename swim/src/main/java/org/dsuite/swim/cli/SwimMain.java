package org.dsuite.swim.cli;

import java.io.PrintStream;
import org.dsuite.swim.udp.MemberCommands;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code bin/swim}: start a member, or send an MP2 command to a running one. Holds no logger: the
 * {@code start} command points logging at {@code swim.state-dir}/logs before anything logs.
 */
@Command(
    name = "swim",
    mixinStandardHelpOptions = true,
    description = "SWIM membership with suspicion and Lifeguard over UDP (MP2).",
    subcommands = {CommandLine.HelpCommand.class})
public final class SwimMain {
  private SwimMain() {}

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /** Runs the CLI; returns the exit status (0 ok, 1 not found, 2 error). */
  public static int run(PrintStream out, PrintStream err, String... args) {
    CommandLine cli = new CommandLine(new SwimMain());
    cli.addSubcommand("start", new StartCommand(out));
    for (String c : MemberCommands.COMMANDS) {
      cli.addSubcommand(c, new ControlCommand(out));
    }
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          err.println("swim: " + e.getMessage());
          return 2;
        });
    cli.setExitCodeExceptionMapper(e -> 2);
    int code = cli.execute(args);
    return code;
  }
}
