package org.dsuite.swim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dsuite.common.config.Settings;
import picocli.CommandLine.Option;

/** Options every subcommand shares: the config layers of {@link Settings}. */
final class CommonOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "properties file with swim.* keys")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "override one key, e.g. --set swim.probe-interval-ms=300 (repeatable)")
  List<String> sets = new ArrayList<>();

  /** Builds the layered settings; {@code extra} are flags the command maps onto keys. */
  Settings settings(List<String> extra) {
    Settings.Builder b = Settings.builder().env(System.getenv());
    if (config != null) {
      b.file(config);
    }
    for (String e : extra) {
      b.set(e);
    }
    for (String s : sets) {
      b.set(s);
    }
    return b.build();
  }
}
