package org.dsuite.rainstorm.api.proto;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dsuite.rainstorm.api.MalformedRecordException;
import org.dsuite.rainstorm.api.Operator;
import org.dsuite.rainstorm.api.OperatorContext;
import org.dsuite.rainstorm.api.Params;
import org.dsuite.rainstorm.api.Tuple;
import org.dsuite.rainstorm.api.csv.CsvSchema;
import org.dsuite.rainstorm.api.csv.MalformedCsvException;
import org.dsuite.rainstorm.api.ops.Operators;
import org.dsuite.rainstorm.api.proto.ProtocolMessage.Header;
import org.dsuite.rainstorm.api.proto.ProtocolMessage.Input;
import org.dsuite.rainstorm.api.proto.ProtocolMessage.Param;

/**
 * The operator side of the line protocol for a Java operator: reads P/H/T lines, answers O.../D or
 * M per input. It is the reference implementation of an external operator, and lets any Java
 * operator run as an executable ({@link OperatorHostMain}). Output is flushed whenever no more
 * input is waiting, so an engine that waits for answers before sending more never deadlocks.
 */
public final class OperatorHost {
  private final String operatorName;

  public OperatorHost(String operatorName) {
    this.operatorName = operatorName;
  }

  /**
   * Serves until end of input.
   *
   * @return the number of inputs processed
   * @throws ProtocolException if the engine sends a line that breaks the protocol
   */
  public long run(BufferedReader in, Writer out) throws IOException, ProtocolException {
    Map<String, String> params = new TreeMap<>();
    CsvSchema schema = CsvSchema.none();
    Operator op = null;
    long inputs = 0;
    List<Tuple> outputs = new ArrayList<>();
    try {
      String line;
      while ((line = in.readLine()) != null) {
        ProtocolMessage m = LineProtocol.decode(line);
        if (m instanceof Input input) {
          if (op == null) {
            op = open(params, schema);
          }
          answer(op, input.tuple(), outputs, out);
          inputs++;
          if (!in.ready()) {
            out.flush();
          }
        } else if (op != null) {
          throw new ProtocolException("P and H lines must come before the first input");
        } else if (m instanceof Param p) {
          params.put(p.name(), p.value());
        } else if (m instanceof Header h) {
          schema = schema(h.line());
        } else {
          throw new ProtocolException("an operator does not accept " + line.charAt(0) + " lines");
        }
      }
      out.flush();
      return inputs;
    } finally {
      if (op != null) {
        op.close();
      }
    }
  }

  private Operator open(Map<String, String> params, CsvSchema schema) {
    Params p = Params.of(params);
    Operator op = Operators.create(operatorName, p);
    try {
      op.open(OperatorContext.standalone(p, schema));
    } catch (RuntimeException e) {
      op.close();
      throw e;
    }
    return op;
  }

  private static CsvSchema schema(String header) throws ProtocolException {
    try {
      return CsvSchema.fromHeader(header);
    } catch (MalformedCsvException e) {
      throw new ProtocolException("malformed header line: " + e.getMessage());
    }
  }

  private static void answer(Operator op, Tuple input, List<Tuple> outputs, Writer out)
      throws IOException {
    outputs.clear();
    try {
      op.process(input, outputs::add);
    } catch (MalformedRecordException e) {
      out.write(LineProtocol.malformed(e.getMessage()));
      out.write('\n');
      return;
    }
    for (Tuple t : outputs) {
      out.write(LineProtocol.output(t));
      out.write('\n');
    }
    out.write(LineProtocol.done());
    out.write('\n');
  }
}
