package org.dsuite.grep.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dsuite.grep.gen.LogGenerator;
import org.dsuite.grep.match.CompiledQuery;
import org.dsuite.grep.testkit.GnuGrep;
import org.dsuite.grep.testkit.ParsedGrep;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Runs GNU grep ({@code LC_ALL=C /usr/bin/grep}) and our scanner with the same arguments on the
 * same generated logs and requires byte-identical standard output and the same exit status.
 */
class GnuCompatibilityTest {
  @TempDir static Path dir;
  static Path a;
  static Path b;
  static Path edge;

  @BeforeAll
  static void generate() throws IOException {
    a = dir.resolve("a.log");
    b = dir.resolve("b.log");
    edge = dir.resolve("edge.log");
    try (OutputStream os = Files.newOutputStream(a)) {
      new LogGenerator(11).write(os, 3 << 20);
    }
    try (OutputStream os = Files.newOutputStream(b)) {
      new LogGenerator(12).write(os, 1 << 20);
    }
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    e.writeBytes(
        ("first line\n\n\nfoo bar_baz foo-bar\nFOO\tBAR\r\nx*y\n[abc]\na\\b\nfoofoo\n"
                + "abcabc abab\n^caret$ dollar\n{1} brace a{1\n(paren) |pipe|\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    e.writeBytes(new byte[] {'c', 'a', 'f', (byte) 0xE9, ' ', (byte) 0x85, '.', '\n'});
    e.writeBytes("word\n".repeat(3).getBytes(StandardCharsets.ISO_8859_1));
    e.writeBytes(("long " + "x".repeat(70_000) + " end\n").getBytes(StandardCharsets.ISO_8859_1));
    e.writeBytes("last line without newline".getBytes(StandardCharsets.ISO_8859_1));
    Files.write(edge, e.toByteArray());
  }

  static Stream<Arguments> cases() {
    List<Arguments> c = new ArrayList<>();
    // Planted literals: frequent, infrequent, rare, absent.
    for (String lit : List.of("GET", "threshold exceeded", "OutOfMemoryError", "xyzzy")) {
      c.add(one(lit));
      c.add(one("-c", lit));
      c.add(one("-n", lit));
      c.add(one("-F", "-c", lit));
    }
    c.add(one("-i", "get /api/v1/USERS"));
    c.add(one("-i", "-c", "outofmemoryerror"));
    c.add(one("-i", "-n", "THRESHOLD exceeded"));
    c.add(one("-v", "-c", "GET"));
    c.add(one("-v", "-c", "xyzzy"));
    c.add(one("-v", "-n", "-e", "INFO", "-e", "DEBUG", "-e", "GET"));
    c.add(one("-w", "-c", "GET"));
    c.add(one("-w", "-c", "req"));
    c.add(one("-x", "-c", ".*OutOfMemoryError.*"));
    c.add(one("-w", "-i", "-c", "error"));
    c.add(one("-v", "-w", "-c", "GET"));
    // Regexes, basic and extended.
    c.add(one("-c", "req=[0-9a-f]*ff"));
    c.add(one("-E", "-c", "status=(404|500)"));
    c.add(one("-c", "status=\\(404\\|500\\)"));
    c.add(one("-c", "took=[0-9]\\{3\\}ms"));
    c.add(one("-E", "-c", "took=[0-9]{3}ms"));
    c.add(one("-E", "-c", "took=[0-9]{,2}ms$"));
    c.add(one("-c", "^2026-01-0[12]T00"));
    c.add(one("-c", "ms$"));
    c.add(one("-c", "[[:upper:]]\\{5\\} "));
    c.add(one("-E", "-c", "10\\.[0-9]+\\.0\\.1 "));
    c.add(one("-E", "-c", "([a-f])\\1\\1"));
    c.add(one("-c", "\\([0-9]\\)\\1\\1\\1"));
    c.add(one("-c", "\\<PUT\\>"));
    c.add(one("-c", "\\bDELETE\\b"));
    c.add(one("-E", "-c", "Exception|Error"));
    c.add(one("-E", "-n", "-i", "(timeout|timed out)"));
    c.add(one("-c", "[^[:alnum:] ]ms"));
    c.add(one("-E", "-c", "^[^ ]+ (WARN|ERROR) "));
    c.add(one("-c", "\tat .*Thread\\.run"));
    c.add(one("-E", "-c", "a+b*c?d"));
    c.add(one("-E", "-c", "[[:digit:]]{4}-[[:digit:]]{2}"));
    c.add(one("-c", "x*"));
    c.add(one("-i", "-c", "REQ=[0-9A-F]*FFFF"));
    c.add(one("-v", "-c", "req=[0-9a-f]*f "));
    c.add(one("-n", "-E", "from 10\\.1[0-9]+\\.3\\.[0-9]+ status=404"));
    c.add(one("-E", "-c", "search\\?q=[0-9]{5}"));
    c.add(one("-c", "-e", "GET", "-e", "POST"));
    c.add(one("-n", "-e", "OutOfMemoryError", "-e", "threshold"));
    c.add(one("-E", "-c", "-e", "ERROR.*req=", "-e", "^\tat"));
    c.add(one("-F", "-c", "-e", "PUT", "-e", "DELETE"));
    c.add(one("-F", "-w", "-c", "GET /api"));
    c.add(one("-i", "-E", "-c", "(get|put) /API/V1/ORDERS/1"));
    // No required literal, few bytes that can begin a match: the DFA's skip loop (IdleSkip)
    // jumps over lines, so printed lines, line numbers and context must still come out right.
    c.add(one("-E", "-c", "[0-9]{4}[a-f]{4}[0-9]"));
    c.add(one("-E", "-n", "(WARN|ERROR) +\\[[a-z]+-1"));
    c.add(one("-E", "-n", "-B", "2", "(WARN|ERROR) +\\[[a-z]+-1[0-9]\\]"));
    c.add(one("-E", "-n", "-i", "(oom|outofmemory)e"));
    c.add(one("-E", "-v", "-c", "[#%]|[A-C][0-9]"));
    c.add(edge("-E", "-n", "(FOO|x)[^a-z]"));
    c.add(edge("-E", "-c", "(en|ast)d?$"));
    // Context, max count, separators.
    c.add(one("-A", "2", "OutOfMemoryError"));
    c.add(one("-B", "3", "OutOfMemoryError"));
    c.add(one("-C", "1", "threshold"));
    c.add(one("-n", "-C", "2", "OutOfMemoryError"));
    c.add(one("-A1", "-B2", "Connection reset"));
    c.add(one("-n", "-A", "4", "-v", "-e", "INFO", "-e", "DEBUG"));
    c.add(one("-m", "5", "GET"));
    c.add(one("-m", "3", "-A", "2", "-n", "GET"));
    c.add(one("-c", "-m", "10", "GET"));
    c.add(one("-m", "0", "GET"));
    c.add(two("-c", "-m", "0", "GET"));
    c.add(two("-l", "-v", "GET"));
    c.add(one("-x", "-F", "-c", "-e", "GET", "-e", "POST"));
    c.add(one("-m", "2", "-C", "3", "OutOfMemoryError"));
    c.add(one("-C", "5", "-c", "ERROR"));
    // Several files, names.
    c.add(two("-c", "threshold"));
    c.add(two("-l", "OutOfMemoryError"));
    c.add(two("-l", "xyzzy"));
    c.add(two("-h", "OutOfMemoryError"));
    c.add(two("-n", "-A", "1", "OutOfMemoryError"));
    c.add(two("-c", "-m", "1", "-v", "GET"));
    c.add(one("-H", "-n", "OutOfMemoryError"));
    c.add(one("-l", "-c", "GET"));
    // Edge file: empty lines, CR, high bytes, a long line, no final newline, odd syntax.
    c.add(edge("-n", "."));
    c.add(edge("-c", "^$"));
    c.add(edge("-n", "-x", ""));
    c.add(edge("-n", ""));
    c.add(edge("-c", "[[:alpha:]]"));
    c.add(edge("-n", "x\\*y"));
    c.add(edge("-n", "*y"));
    c.add(edge("-n", "^*"));
    c.add(edge("-n", "[]a]"));
    c.add(edge("-n", "[^]a-z [:]"));
    c.add(edge("-n", "a\\\\b"));
    c.add(edge("-n", "-F", "a\\b"));
    c.add(edge("-n", "\\(foo\\)\\1"));
    c.add(edge("-n", "-E", "(abc)\\1 (ab)\\2"));
    c.add(edge("-n", "-w", "foo"));
    c.add(edge("-n", "-w", "bar"));
    c.add(edge("-n", "-x", "word"));
    c.add(edge("-n", "^caret\\$"));
    c.add(edge("-n", "\\^caret"));
    c.add(edge("-n", "-E", "\\{1\\}|\\|pipe"));
    c.add(edge("-n", "-E", "a\\{1"));
    c.add(edge("-n", "{1}"));
    c.add(edge("-n", "-E", "a{1"));
    c.add(edge("-n", "BAR.$"));
    c.add(edge("-n", "-i", "foo\tbar"));
    c.add(edge("-n", "caf."));
    c.add(edge("-n", "without newline"));
    c.add(edge("-c", "-v", "newline"));
    c.add(edge("-c", "x\\{65535\\}"));
    c.add(edge("-n", "-E", "(paren) \\|"));
    c.add(edge("-c", "-E", "a**"));
    c.add(edge("-n", "-E", "(a|b)+c"));
    // Errors: GNU grep refuses these too (exit status 2, no output).
    c.add(edge("\\("));
    c.add(edge("[b-a]"));
    c.add(edge("-E", "a{2,1}"));
    c.add(edge("[[:foo:]]"));
    c.add(edge("[:alpha:]"));
    c.add(edge("a\\{1"));
    c.add(edge("-E", "-F", "x"));
    return c.stream();
  }

  private static Arguments one(String... args) {
    return Arguments.of(String.join(" ", args) + " [a]", List.of(args), "a");
  }

  private static Arguments two(String... args) {
    return Arguments.of(String.join(" ", args) + " [a b]", List.of(args), "ab");
  }

  private static Arguments edge(String... args) {
    return Arguments.of(String.join(" ", args) + " [edge]", List.of(args), "edge");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sameOutputAndStatusAsGnuGrep(String name, List<String> args, String files) throws Exception {
    compare(args, files, CompiledQuery.Engine.AUTO);
  }

  /** The backtracking engine alone (the fallback for -w and back-references) must agree too. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void backtrackingEngineAgreesToo(String name, List<String> args, String files) throws Exception {
    compare(args, files, CompiledQuery.Engine.BACKTRACKING);
  }

  private void compare(List<String> args, String files, CompiledQuery.Engine engine)
      throws Exception {
    List<String> full = new ArrayList<>(args);
    switch (files) {
      case "a" -> full.add(a.toString());
      case "ab" -> {
        full.add(a.toString());
        full.add(b.toString());
      }
      default -> full.add(edge.toString());
    }
    GnuGrep.Result gnu = GnuGrep.run(dir, full);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status;
    PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    try {
      ParsedGrep.Parsed parsed = ParsedGrep.parse(full);
      List<Path> paths = parsed.files().stream().map(Path::of).toList();
      // A small buffer forces many windows, so window boundaries are tested too.
      status = LocalGrep.run(parsed.request(), paths, out, err, 1 << 16, engine);
    } catch (IllegalArgumentException | CommandLine.ParameterException e) {
      status = 2;
    }
    assertThat(status).as("exit status").isEqualTo(gnu.status());
    assertThat(new String(out.toByteArray(), StandardCharsets.ISO_8859_1))
        .as("stdout")
        .isEqualTo(new String(gnu.stdout(), StandardCharsets.ISO_8859_1));
  }
}
