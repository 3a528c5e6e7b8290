package org.dsuite.swim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dsuite.common.config.ConfigException;
import org.dsuite.common.config.Settings;
import org.dsuite.common.net.HostPort;
import org.junit.jupiter.api.Test;

class SwimConfigTest {
  @Test
  void defaultsAreTheLanPreset() {
    assertThat(SwimConfig.from(Settings.builder().env(Map.of()).build()))
        .isEqualTo(SwimConfig.lan());
  }

  @Test
  void everyKeyIsReadFromItsLayer() {
    Settings s =
        Settings.builder()
            .env(Map.of("DSUITE_SWIM_PROBE_TIMEOUT_MS", "150"))
            .set("swim.host", "10.1.2.3")
            .set("swim.port", "7001")
            .set("swim.seeds", "10.1.2.4:7001, 10.1.2.5:7001")
            .set("swim.probe-interval-ms", "1s")
            .set("swim.drop-rate", "0.05")
            .set("swim.suspicion", "false")
            .set("swim.cluster-key", "k")
            .set("swim.state-dir", "/var/lib/swim")
            .build();
    SwimConfig c = SwimConfig.from(s);
    s.checkNoUnknownKeys();
    assertThat(c.host()).isEqualTo("10.1.2.3");
    assertThat(c.port()).isEqualTo(7001);
    assertThat(c.seeds())
        .containsExactly(new HostPort("10.1.2.4", 7001), new HostPort("10.1.2.5", 7001));
    assertThat(c.probeIntervalMs()).isEqualTo(1000);
    assertThat(c.probeTimeoutMs()).isEqualTo(150);
    assertThat(c.dropRate()).isEqualTo(0.05);
    assertThat(c.suspicion()).isFalse();
    assertThat(c.authenticated()).isTrue();
    assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/swim"));
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(
            () -> SwimConfig.from(Settings.builder().set("swim.drop-rate", "1.5").build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("swim.drop-rate");
    assertThatThrownBy(
            () -> SwimConfig.from(Settings.builder().set("swim.seeds", "nohostport").build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("swim.seeds");
    assertThatThrownBy(
            () -> SwimConfig.from(Settings.builder().set("swim.probe-timeout-ms", "600").build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("swim.probe-timeout-ms");
    assertThatThrownBy(
            () -> SwimConfig.from(Settings.builder().set("swim.lag-refutation-ms", "-5").build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("swim.lag-refutation-ms");
    assertThatThrownBy(() -> SwimConfig.lan().with(b -> b.lagRefutationMs = -1))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("swim.lag-refutation-ms");
  }

  @Test
  void lagRefutationIsReadAndCanBeTurnedOff() {
    assertThat(SwimConfig.lan().lagRefutationMs()).isEqualTo(150);
    SwimConfig off = SwimConfig.from(Settings.builder().set("swim.lag-refutation-ms", "0").build());
    assertThat(off.lagRefutationMs()).isZero();
    SwimConfig half =
        SwimConfig.from(Settings.builder().set("swim.lag-refutation-ms", "0.5s").build());
    assertThat(half.lagRefutationMs()).isEqualTo(500);
  }

  @Test
  void localIsLanOnAFreePortWithFasterTimers() {
    SwimConfig l = SwimConfig.local();
    assertThat(l.port()).isZero();
    assertThat(l.probeIntervalMs()).isLessThan(SwimConfig.lan().probeIntervalMs());
    assertThat(l.with(b -> b.seeds = List.of(new HostPort("127.0.0.1", 1))).seeds()).hasSize(1);
  }
}
