package org.dsuite.common.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {
  @ParameterizedTest
  @CsvSource({
    "127.0.0.1:7000, 127.0.0.1, 7000",
    "Node3.example.org:1, node3.example.org, 1",
    "'[::1]:65535', ::1, 65535",
  })
  void parsesWhatUsersType(String text, String host, int port) {
    HostPort hp = HostPort.parse(text);
    assertThat(hp).isEqualTo(new HostPort(host, port));
    assertThat(HostPort.parse(hp.toString())).isEqualTo(hp);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "host",
        ":80",
        "host:0",
        "host:65536",
        "host:x",
        "a b:1",
        "../etc:1",
        "[::1]80"
      })
  void rejectsMalformed(String text) {
    assertThatThrownBy(() -> HostPort.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h1:1,h2:2", " h1:1 , ,h2:2 "})
  void parsesLists(String text) {
    assertThat(HostPort.parseList(text))
        .containsExactly(new HostPort("h1", 1), new HostPort("h2", 2));
  }
}
