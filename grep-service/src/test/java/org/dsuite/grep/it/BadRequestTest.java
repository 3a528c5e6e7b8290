package org.dsuite.grep.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dsuite.grep.gen.LogGenerator;
import org.dsuite.grep.match.MatchOptions;
import org.dsuite.grep.match.PatternSyntax;
import org.dsuite.grep.proto.Done;
import org.dsuite.grep.proto.ErrorCode;
import org.dsuite.grep.proto.Frames;
import org.dsuite.grep.proto.Query;
import org.dsuite.grep.proto.Wire;
import org.dsuite.grep.scan.GrepRequest;
import org.dsuite.grep.scan.OutputOptions;
import org.dsuite.grep.testkit.ServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Malformed frames, oversized requests, limits, bad patterns and hostile paths get an ERROR reply
 * (or match nothing outside the root), and the server keeps serving: every test ends with a normal
 * query that must still succeed.
 */
class BadRequestTest {
  @TempDir static Path dir;
  static Path logs;
  static Path outside;
  static ServerProcess server;

  @BeforeAll
  static void start() throws IOException {
    logs = Files.createDirectories(dir.resolve("root").resolve("logs"));
    try (OutputStream os = Files.newOutputStream(logs.resolve("machine.1.log"))) {
      new LogGenerator(5).write(os, 256 << 10);
    }
    outside = Files.createDirectories(dir.resolve("secret"));
    Files.writeString(outside.resolve("secret.log"), "TOPSECRET outside the root\n");
    Files.createSymbolicLink(logs.resolve("escape.log"), outside.resolve("secret.log"));
    Files.createSymbolicLink(logs.resolve("passwd.log"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(logs.resolve("linkdir"), outside);
    Files.writeString(logs.resolve("inside-link-target.txt"), "INSIDE via link\n");
    Files.createSymbolicLink(logs.resolve("inside.log"), logs.resolve("inside-link-target.txt"));
    Path redos = Files.createDirectories(logs.resolve("redos"));
    Files.writeString(redos.resolve("aaa.log"), "a".repeat(64) + "!b\n");
    server =
        ServerProcess.start(
            dir,
            logs.toAbsolutePath() + "/*.log," + logs.toAbsolutePath() + "/redos/*.log",
            "--set",
            "grep.query-timeout-ms=1500",
            "--set",
            "grep.max-request-bytes=4096",
            "--set",
            "grep.max-pattern-bytes=1000",
            "--set",
            "grep.max-patterns=3",
            "--set",
            "grep.max-context-lines=10");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.kill();
  }

  @AfterEach
  void serverStillServes() throws IOException {
    Reply r = query(request(List.of("GET"), false), "machine.1.log");
    assertThat(r.done()).as("a normal query after the bad one").isNotNull();
    assertThat(r.done().selected()).isPositive();
  }

  record Reply(String output, Done done, Wire.Error error) {}

  static GrepRequest request(List<String> patterns, boolean count) {
    return new GrepRequest(
        new MatchOptions(patterns, PatternSyntax.BASIC, false, false, false, false),
        new OutputOptions(count, false, -1, 0, 0, true, false));
  }

  static Reply query(GrepRequest req, String glob) throws IOException {
    return send(Frames.QUERY, new Query(req, glob).encode());
  }

  static Reply send(int type, byte[] payload) throws IOException {
    return sendRaw(out -> Frames.write(out, type, payload, payload.length));
  }

  interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  static Reply sendRaw(Writer w) throws IOException {
    try (Socket s = new Socket(server.address().host(), server.address().port())) {
      s.setSoTimeout(20_000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      w.write(out);
      out.flush();
      DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
      StringBuilder text = new StringBuilder();
      while (true) {
        Frames.Frame f = Frames.read(in, 64 << 20);
        switch (f.type()) {
          case Frames.OUTPUT -> text.append(new String(f.payload(), StandardCharsets.ISO_8859_1));
          case Frames.HEARTBEAT -> {}
          case Frames.DONE -> {
            return new Reply(text.toString(), Done.decode(f.payload()), null);
          }
          case Frames.ERROR -> {
            return new Reply(text.toString(), null, Wire.decodeError(f.payload()));
          }
          default -> throw new AssertionError("unexpected frame " + f.type());
        }
      }
    } catch (org.dsuite.grep.proto.ProtocolException e) {
      throw new IOException(e);
    }
  }

  @Test
  void zeroLengthFrameIsMalformed() throws IOException {
    Reply r = sendRaw(out -> out.writeInt(0));
    assertThat(r.error().code()).isEqualTo(ErrorCode.MALFORMED);
  }

  @Test
  void unknownRequestTypeIsMalformed() throws IOException {
    assertThat(send(0x7f, new byte[3]).error().code()).isEqualTo(ErrorCode.MALFORMED);
  }

  @Test
  void oversizedFrameIsRefusedBeforeItIsRead() throws IOException {
    Reply r = sendRaw(out -> out.writeInt(100 << 20));
    assertThat(r.error().code()).isEqualTo(ErrorCode.TOO_LARGE);
  }

  @Test
  void garbageAndTruncatedQueriesAreMalformed() throws IOException {
    assertThat(send(Frames.QUERY, new byte[] {1, 0, 0}).error().code())
        .isEqualTo(ErrorCode.MALFORMED);
    byte[] good = new Query(request(List.of("GET"), false), "").encode();
    byte[] cut = java.util.Arrays.copyOf(good, good.length - 2);
    assertThat(send(Frames.QUERY, cut).error().code()).isEqualTo(ErrorCode.MALFORMED);
    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
    assertThat(send(Frames.QUERY, trailing).error().code()).isEqualTo(ErrorCode.MALFORMED);
  }

  @Test
  void frameCutShortByTheClientGetsAnError() throws IOException {
    try (Socket s = new Socket(server.address().host(), server.address().port())) {
      s.setSoTimeout(20_000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeInt(100);
      out.writeByte(Frames.QUERY);
      out.write(new byte[10]);
      out.flush();
      s.shutdownOutput();
      Frames.Frame f = Frames.read(new DataInputStream(s.getInputStream()), 1 << 16);
      assertThat(f.type()).isEqualTo(Frames.ERROR);
      assertThat(Wire.decodeError(f.payload()).code()).isEqualTo(ErrorCode.MALFORMED);
    } catch (org.dsuite.grep.proto.ProtocolException e) {
      throw new IOException(e);
    }
  }

  @Test
  void limitsOnPatternsAndContextAreEnforced() throws IOException {
    assertThat(query(request(List.of("a", "b", "c", "d"), false), "").error().code())
        .isEqualTo(ErrorCode.LIMIT);
    assertThat(query(request(List.of("x".repeat(1001)), false), "").error().code())
        .isIn(ErrorCode.LIMIT, ErrorCode.TOO_LARGE);
    GrepRequest ctx =
        new GrepRequest(
            request(List.of("GET"), false).match(),
            new OutputOptions(false, false, -1, 11, 0, true, false));
    assertThat(query(ctx, "").error().code()).isEqualTo(ErrorCode.LIMIT);
  }

  @Test
  void invalidPatternIsRefused() throws IOException {
    Reply r = query(request(List.of("\\("), false), "");
    assertThat(r.error().code()).isEqualTo(ErrorCode.BAD_PATTERN);
    assertThat(r.error().message()).contains("Unmatched");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../../etc/passwd",
        "/etc/passwd",
        "..",
        "logs/../../secret/secret.log",
        "./machine.1.log",
        "~root/x",
        "a\\..\\b"
      })
  void hostileGlobsAreRefused(String glob) throws IOException {
    Reply r = query(request(List.of("root"), false), glob);
    assertThat(r.error()).as(glob).isNotNull();
    assertThat(r.error().code()).isEqualTo(ErrorCode.BAD_PATH);
  }

  @Test
  void symlinksLeadingOutOfTheRootAreNotRead() throws IOException {
    Reply all = query(request(List.of("TOPSECRET\\|root:\\|INSIDE"), false), "*");
    assertThat(all.done()).isNotNull();
    assertThat(all.output()).doesNotContain("TOPSECRET").doesNotContain("root:");
    // A link whose target stays inside the root is an ordinary file of the root.
    assertThat(all.output()).contains("inside.log:INSIDE via link");
    for (String glob : List.of("escape.log", "passwd.log", "linkdir/secret.log", "linkdir/*")) {
      Reply r = query(request(List.of("TOPSECRET\\|root"), false), glob);
      assertThat(r.done()).as(glob).isNotNull();
      assertThat(r.done().files()).as(glob).isZero();
      assertThat(r.output()).isEmpty();
    }
  }

  @Test
  void catastrophicBacktrackingIsStoppedByTheTimeBudget() throws IOException {
    // A back-reference keeps java.util.regex from memoising: exponential on a line of 64 a's.
    GrepRequest evil =
        new GrepRequest(
            new MatchOptions(
                List.of("((a+)+)\\2b"), PatternSyntax.EXTENDED, false, false, false, false),
            new OutputOptions(false, false, -1, 0, 0, true, false));
    long t0 = System.nanoTime();
    Reply r = query(evil, "aaa.log");
    assertThat(r.error()).isNotNull();
    assertThat(r.error().code()).isEqualTo(ErrorCode.TIMEOUT);
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(15_000);
  }

  @Test
  void membersOfAStandaloneServerIsItself() throws IOException {
    try (Socket s = new Socket(server.address().host(), server.address().port())) {
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      Frames.write(out, Frames.MEMBERS, new byte[0], 0);
      out.flush();
      Frames.Frame f = Frames.read(new DataInputStream(s.getInputStream()), 1 << 16);
      assertThat(f.type()).isEqualTo(Frames.MEMBERS_REPLY);
      assertThat(Wire.decodeMembers(f.payload())).containsExactly(server.address().toString());
    } catch (org.dsuite.grep.proto.ProtocolException e) {
      throw new IOException(e);
    }
  }
}
