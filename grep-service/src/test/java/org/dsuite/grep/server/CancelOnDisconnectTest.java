package org.dsuite.grep.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dsuite.common.config.Settings;
import org.dsuite.grep.match.MatchOptions;
import org.dsuite.grep.match.PatternSyntax;
import org.dsuite.grep.proto.Frames;
import org.dsuite.grep.proto.Query;
import org.dsuite.grep.scan.GrepRequest;
import org.dsuite.grep.scan.OutputOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that goes away stops its scan: the server does not finish work nobody reads. */
class CancelOnDisconnectTest {
  @TempDir Path dir;

  @Test
  void disconnectingClientCancelsItsScan() throws Exception {
    // Every line is a backtracking bomb for the pattern below: the scan would run for the whole
    // (one hour) budget unless the disconnect cancels it.
    Files.writeString(dir.resolve("bomb.log"), ("a".repeat(40) + "!b\n").repeat(1000));
    GrepConfig cfg =
        GrepConfig.from(
            Settings.builder()
                .set("grep.port", "0")
                .set("grep.logs", dir.toAbsolutePath() + "/*.log")
                .set("grep.query-timeout-ms", "60m")
                .build());
    LogRoots roots = LogRoots.of(cfg.logs(), dir, cfg.maxFiles(), cfg.maxWalkDepth());
    try (GrepServer server = GrepServer.start(cfg, roots, null)) {
      GrepRequest req =
          new GrepRequest(
              new MatchOptions(
                  List.of("((a+)+)\\2b"), PatternSyntax.EXTENDED, false, false, false, false),
              new OutputOptions(false, false, -1, 0, 0, true, false));
      byte[] payload = new Query(req, "").encode();
      try (Socket s = new Socket(server.address().host(), server.address().port())) {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        Frames.write(out, Frames.QUERY, payload, payload.length);
        out.flush();
        waitFor(() -> server.activeQueries() == 1);
      }
      waitFor(() -> server.activeQueries() == 0);
      assertThat(server.activeQueries()).isZero();
    }
  }

  static void waitFor(java.util.function.BooleanSupplier cond) {
    await().atMost(Duration.ofSeconds(20)).until(cond::getAsBoolean);
  }
}
