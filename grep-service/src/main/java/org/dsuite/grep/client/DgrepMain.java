package org.dsuite.grep.client;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dsuite.common.cluster.LocalClusterFile;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;
import org.dsuite.common.logging.LogFiles;
import org.dsuite.common.net.HostPort;
import org.dsuite.grep.match.CompiledQuery;
import org.dsuite.grep.match.PatternException;
import org.dsuite.grep.scan.GrepRequest;
import org.dsuite.grep.server.GrepConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/dgrep [GREP OPTIONS] PATTERN [FILE-GLOB] (--hosts h:p,... | --member h:p)}: greps the
 * logs of many servers at once.
 */
@Command(
    name = "dgrep",
    description = {
      "Greps the logs of every server at once; prints host:file:line (host:file:lineno:line",
      "with -n) as results arrive, and a one-line summary on stderr. FILE-GLOB is relative",
      "to each server's log roots (default: all its logs). Exit status: 0 selected, 1 none,",
      "2 error (bad pattern or option, or no host answered)."
    })
public final class DgrepMain implements Callable<Integer> {
  @Mixin GrepArgs grep = new GrepArgs();

  @Parameters(paramLabel = "PATTERN [FILE-GLOB]")
  List<String> operands = new ArrayList<>();

  @Option(names = "--hosts", paramLabel = "h:p,h:p,...", description = "servers to query")
  String hosts;

  @Option(
      names = "--member",
      paramLabel = "h:p",
      description = "ask this server for the cluster's live grep servers, then query them all")
  String member;

  @Option(names = "--connect-timeout-ms", description = "key grep.client.connect-timeout-ms")
  String connectTimeout;

  @Option(names = "--read-timeout-ms", description = "key grep.client.read-timeout-ms")
  String readTimeout;

  @Option(names = "--config", description = "properties file with grep.client.* keys")
  Path config;

  @Option(names = "--set", description = "override a key, e.g. grep.client.read-timeout-ms=5s")
  List<String> sets = new ArrayList<>();

  @Option(names = "--help", usageHelp = true, description = "show this help")
  boolean help;

  public static void main(String[] args) {
    LogFiles.directTo(
        Path.of(System.getProperty("dsuite.log.dir", System.getProperty("java.io.tmpdir"))),
        "dgrep");
    System.exit(commandLine().execute(args));
  }

  /** The configured picocli command line (grep-like exit status 2 for every usage error). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new DgrepMain());
    cl.setPosixClusteredShortOptionsAllowed(true);
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("dgrep: " + e.getMessage());
          return 2;
        });
    return cl;
  }

  @Override
  public Integer call() throws Exception {
    GrepRequest request;
    String glob;
    DgrepConfig cfg;
    try {
      int patternOperands = grep.hasRegexpOptions() ? 0 : 1;
      if (operands.size() < patternOperands || operands.size() > patternOperands + 1) {
        throw new IllegalArgumentException(
            "usage: dgrep [OPTIONS] PATTERN [FILE-GLOB] --hosts|--member");
      }
      request = grep.toRequest(patternOperands == 1 ? operands.get(0) : null);
      glob = operands.size() > patternOperands ? operands.get(patternOperands) : "";
      CompiledQuery.compile(request.match()); // refuse a bad pattern before contacting anyone
      Settings settings = settings();
      cfg = DgrepConfig.from(settings);
      // A config file may be shared with the servers: their keys are known too, typos are not.
      GrepConfig.from(settings);
      settings.checkNoUnknownKeys();
      if (hosts != null && member != null) {
        throw new IllegalArgumentException("give only one of --hosts and --member");
      }
    } catch (IllegalArgumentException | PatternException | ConfigException e) {
      System.err.println("dgrep: " + e.getMessage());
      return 2;
    }
    List<HostPort> targets;
    try {
      targets = hosts != null ? HostPort.parseList(hosts) : null;
    } catch (IllegalArgumentException e) {
      System.err.println("dgrep: --hosts: " + e.getMessage());
      return 2;
    }
    if (targets == null) {
      List<String> candidates;
      if (member != null) {
        candidates = List.of(member);
      } else {
        // Neither flag: the local cluster's nodes (cluster.json), asked in turn, so one that is
        // down does not stop the query.
        Optional<LocalClusterFile> local = LocalClusterFile.find();
        if (local.isEmpty() || local.get().addresses("grep").isEmpty()) {
          System.err.println(
              "dgrep: give --hosts or --member (no local cluster with grep servers found;"
                  + " bin/cluster start)");
          return 2;
        }
        candidates = local.get().addresses("grep");
      }
      String lastError = "";
      for (String candidate : candidates) {
        try {
          targets = new HostQuery(cfg).members(HostPort.parse(candidate));
          break;
        } catch (IOException | IllegalArgumentException e) {
          lastError = "cannot get the member list from " + candidate + ": " + e.getMessage();
        }
      }
      if (targets == null) {
        System.err.println("dgrep: " + lastError);
        return 2;
      }
    }
    if (targets.isEmpty()) {
      System.err.println("dgrep: no hosts to query");
      return 2;
    }
    OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
    return new Dgrep(cfg).run(request, glob, targets, out, System.err);
  }

  private Settings settings() {
    Settings.Builder b = Settings.fromCommandLine(config, sets);
    if (connectTimeout != null) {
      b.set("grep.client.connect-timeout-ms", connectTimeout);
    }
    if (readTimeout != null) {
      b.set("grep.client.read-timeout-ms", readTimeout);
    }
    return b.build();
  }
}
