package org.dsuite.rainstorm.api.proto;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import org.dsuite.rainstorm.api.OperatorException;

/**
 * Runs a Java operator (built-in name or class name) as an external operator process speaking the
 * line protocol on stdin/stdout: {@code java -cp ... OperatorHostMain filter-contains}. Exit codes:
 * 0 at end of input, 2 on a protocol or configuration error (message on stderr).
 */
public final class OperatorHostMain {
  private OperatorHostMain() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: OperatorHostMain OPERATOR  (a built-in name or a class name)");
      System.exit(2);
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
    BufferedWriter out =
        new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
    try {
      new OperatorHost(args[0]).run(in, out);
    } catch (ProtocolException | OperatorException e) {
      System.err.println("operator " + args[0] + ": " + e.getMessage());
      System.exit(2);
    } catch (IOException e) {
      System.err.println("operator " + args[0] + ": I/O error: " + e.getMessage());
      System.exit(2);
    }
  }
}
