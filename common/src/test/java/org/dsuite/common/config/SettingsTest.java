package org.dsuite.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @TempDir Path dir;

  @Test
  void laterLayersWin_fileThenEnvThenFlags() throws Exception {
    Path file = dir.resolve("node.properties");
    Files.writeString(
        file, "swim.port = 7001\nswim.probe-interval-ms = 2s\ndfs.cache-bytes = 64MB\n");
    Settings s =
        Settings.builder()
            .file(file)
            .env(Map.of("DSUITE_SWIM_PORT", "7002", "DSUITE_DFS_CACHE_BYTES", "1KB"))
            .set("swim.port=7003")
            .build();

    Settings swim = s.section("swim");
    assertThat(swim.intIn("port", 7000, 1, 65535)).isEqualTo(7003);
    assertThat(
            swim.millis(
                "probe-interval-ms", Duration.ofSeconds(1), Duration.ZERO, Duration.ofMinutes(1)))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(s.section("dfs").bytes("cache-bytes", 0, 0, Long.MAX_VALUE)).isEqualTo(1024);
    assertThat(s.section("dfs").intIn("replicas", 3, 1, 7)).isEqualTo(3);
  }

  @Test
  void badValueNamesKeyAndSource() {
    Settings s = Settings.builder().env(Map.of("DSUITE_SWIM_PORT", "70000")).build();
    assertThatThrownBy(() -> s.section("swim").intIn("port", 7000, 1, 65535))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("swim.port")
        .hasMessageContaining("70000")
        .hasMessageContaining("DSUITE_SWIM_PORT");

    Settings t = Settings.builder().set("swim.drop-rate", "lots").build();
    assertThatThrownBy(() -> t.doubleIn("swim.drop-rate", 0, 0, 1))
        .hasMessageStartingWith(
            "swim.drop-rate: expected a number, got 'lots' (from command line)");
  }

  @Test
  void unknownKeyIsRejectedWithSuggestion() {
    Settings s = Settings.builder().set("swim.prot", "1").build();
    s.section("swim").intIn("port", 7000, 1, 65535);
    assertThatThrownBy(s::checkNoUnknownKeys)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("swim.prot: unknown key")
        .hasMessageContaining("did you mean swim.port?");
  }

  @Test
  void malformedKeysAndAssignmentsAreRefused() {
    assertThatThrownBy(() -> Settings.builder().set("Swim Port", "1"))
        .hasMessageContaining("malformed key");
    assertThatThrownBy(() -> Settings.builder().set("novalue"))
        .hasMessageContaining("expected key=value");
  }

  @Test
  void typedParsers() {
    Settings s =
        Settings.builder()
            .set("a.list", "x, y,,z")
            .set("a.flag", "TRUE")
            .set("a.mode", "fast")
            .set("a.size", "3 MB")
            .build();
    assertThat(s.list("a.list", List.of())).containsExactly("x", "y", "z");
    assertThat(s.bool("a.flag", false)).isTrue();
    assertThatThrownBy(() -> s.oneOf("a.mode", "slow", Set.of("slow", "safe")))
        .hasMessageContaining("one of [safe, slow]");
    assertThat(s.bytes("a.size", 0, 0, Long.MAX_VALUE)).isEqualTo(3L << 20);
    assertThat(Settings.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Settings.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Settings.envName("dfs.cache-bytes")).isEqualTo("DSUITE_DFS_CACHE_BYTES");
    assertThat(Settings.editDistance("kitten", "sitting")).isEqualTo(3);
  }

  @Test
  void missingFileIsAConfigError() {
    assertThatThrownBy(() -> Settings.builder().file(dir.resolve("nope.properties")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot read config file");
  }

  @Test
  void commandLineLayersPutSetFlagsOverTheFile() throws Exception {
    Path file = dir.resolve("c.properties");
    Files.writeString(file, "a.port = 1\na.host = h\n");
    Settings s = Settings.fromCommandLine(file, List.of("a.port=2")).build();
    assertThat(s.intIn("a.port", 0, 0, 65535)).isEqualTo(2);
    assertThat(s.string("a.host", "x")).isEqualTo("h");
    assertThat(Settings.fromCommandLine(null, List.of()).build().string("a.host", "x"))
        .isEqualTo("x");
  }

  @Test
  void entriesShowEachKeyReadWithItsDefaultTheValueInForceAndItsSource() {
    Settings s =
        Settings.builder()
            .env(Map.of("DSUITE_A_TIMEOUT_MS", "2s"))
            .set("a.cache-bytes", "1MB")
            .build();
    s.section("a").millis("timeout-ms", Duration.ofMillis(500), Duration.ZERO, Duration.ofHours(1));
    s.bytes("a.cache-bytes", 64L << 20, 0, Long.MAX_VALUE);
    s.intIn("a.port", 7000, 1, 65535);

    assertThat(s.entries())
        .containsExactly(
            new Settings.Entry("a.cache-bytes", "64MB", "1MB", "command line"),
            new Settings.Entry("a.port", "7000", "7000", "default"),
            new Settings.Entry("a.timeout-ms", "500ms", "2s", "environment DSUITE_A_TIMEOUT_MS"));
  }
}
