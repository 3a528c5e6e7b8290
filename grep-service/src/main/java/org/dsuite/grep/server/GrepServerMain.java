package org.dsuite.grep.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;
import org.dsuite.common.logging.LogFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/dgrep-server}: serves grep queries over this machine's logs until killed. Prints
 * {@code dgrep-server listening on HOST:PORT} on stdout once it accepts connections.
 */
@Command(
    name = "dgrep-server",
    mixinStandardHelpOptions = true,
    description = "Serves distributed grep queries over the log files named by --logs.")
public final class GrepServerMain implements Callable<Integer> {
  @Option(names = "--port", description = "TCP port (0: any free port); key grep.port")
  Integer port;

  @Option(names = "--host", description = "address to bind (default 127.0.0.1); key grep.host")
  String host;

  @Option(
      names = "--logs",
      description = "glob(s) of served files, comma-separated, e.g. 'logs/*.log'; key grep.logs")
  String logs;

  @Option(names = "--config", description = "properties file with grep.* keys")
  Path config;

  @Option(names = "--set", description = "override a key: --set grep.query-timeout-ms=30s")
  List<String> sets = new ArrayList<>();

  public static void main(String[] args) {
    LogFiles.directTo(
        Path.of(System.getProperty("dsuite.log.dir", System.getProperty("java.io.tmpdir"))),
        "dgrep-server");
    System.exit(new CommandLine(new GrepServerMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    GrepConfig cfg;
    LogRoots roots;
    try {
      Settings.Builder b = Settings.fromCommandLine(config, sets);
      if (port != null) {
        b.set("grep.port", String.valueOf(port));
      }
      if (host != null) {
        b.set("grep.host", host);
      }
      if (logs != null) {
        b.set("grep.logs", logs);
      }
      Settings settings = b.build();
      cfg = GrepConfig.from(settings);
      settings.checkNoUnknownKeys();
      roots =
          LogRoots.of(cfg.logs(), Path.of("").toAbsolutePath(), cfg.maxFiles(), cfg.maxWalkDepth());
    } catch (ConfigException e) {
      System.err.println("dgrep-server: " + e.getMessage());
      return 2;
    }
    GrepServer server = GrepServer.start(cfg, roots, null);
    System.out.println("dgrep-server listening on " + server.address());
    System.out.flush();
    new CountDownLatch(1).await();
    return 0;
  }
}
