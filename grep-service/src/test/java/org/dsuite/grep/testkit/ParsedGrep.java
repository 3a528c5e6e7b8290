package org.dsuite.grep.testkit;

import java.util.ArrayList;
import java.util.List;
import org.dsuite.grep.client.GrepArgs;
import org.dsuite.grep.scan.GrepRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Parses a grep command line (options, PATTERN unless -e, FILE...) with dgrep's option mixin. */
@Command(name = "grep")
public final class ParsedGrep {
  @Mixin public GrepArgs grep = new GrepArgs();

  @Parameters public List<String> operands = new ArrayList<>();

  /** The request and the file operands. */
  public record Parsed(GrepRequest request, List<String> files) {}

  public static Parsed parse(List<String> args) {
    ParsedGrep p = new ParsedGrep();
    CommandLine cl = new CommandLine(p);
    cl.setPosixClusteredShortOptionsAllowed(true);
    cl.parseArgs(args.toArray(String[]::new));
    if (p.grep.hasRegexpOptions()) {
      return new Parsed(p.grep.toRequest(null), p.operands);
    }
    return new Parsed(
        p.grep.toRequest(p.operands.get(0)), p.operands.subList(1, p.operands.size()));
  }
}
