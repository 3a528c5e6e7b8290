package org.dsuite.grep.bench;

import java.util.ArrayList;
import java.util.List;
import org.dsuite.grep.client.GrepArgs;
import org.dsuite.grep.scan.GrepRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Parses a grep argument list (options and PATTERN) into a request, as dgrep would. */
@Command(name = "grep")
final class GrepArgsParser {
  @Mixin GrepArgs grep = new GrepArgs();

  @Parameters List<String> operands = new ArrayList<>();

  static GrepRequest parse(List<String> args) {
    GrepArgsParser p = new GrepArgsParser();
    new CommandLine(p).parseArgs(args.toArray(String[]::new));
    return p.grep.toRequest(p.grep.hasRegexpOptions() ? null : p.operands.get(0));
  }
}
