package org.dsuite.grep.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CLI's grep-like exit status and message for errors found before any host answers. Port 1 on
 * loopback refuses connections, so a message other than "0 of 1 hosts answered" proves the error
 * was caught before contacting anyone.
 */
class DgrepMainTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bad pattern|a\\(b|--hosts|127.0.0.1:1|Unmatched ( or \\(",
        "unsupported pattern|\\d|--hosts|127.0.0.1:1|unsupported escape",
        "unknown option|-Q|x|--hosts=127.0.0.1:1|Unknown option",
        "no host option and no local cluster|GET|x|--read-timeout-ms=1s|give --hosts or --member",
        "both host options|GET|--hosts=127.0.0.1:1|--member=127.0.0.1:1|only one of --hosts and --member",
        "bad host list|GET|--hosts|nohostport|expected host:port",
        "no host answers|GET|--hosts|127.0.0.1:1|0 of 1 hosts answered",
        "unknown config key|GET|--hosts=127.0.0.1:1|--set=grep.client.bogus=1|unknown key",
        "bad config value|GET|--hosts=127.0.0.1:1|--read-timeout-ms=soon|grep.client.read-timeout-ms"
      })
  void exitsWithStatusTwo(String name, String a, String b, String c, String message) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try {
      PrintStream capture = new PrintStream(err, true, StandardCharsets.UTF_8);
      System.setErr(capture);
      picocli.CommandLine cl = DgrepMain.commandLine();
      cl.setErr(new java.io.PrintWriter(capture, true));
      status = cl.execute(a, b, c);
    } finally {
      System.setErr(saved);
    }
    assertThat(status).as(name).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).as(name).contains(message);
  }
}
