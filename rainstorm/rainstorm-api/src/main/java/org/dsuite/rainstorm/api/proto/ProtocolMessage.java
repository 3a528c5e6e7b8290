package org.dsuite.rainstorm.api.proto;

import java.util.Objects;
import org.dsuite.rainstorm.api.Tuple;

/** One line of the operator line protocol, decoded ({@link LineProtocol} has the format). */
public sealed interface ProtocolMessage {
  /** Engine → operator, before any input: one parameter of this stage (scoped name). */
  record Param(String name, String value) implements ProtocolMessage {
    public Param {
      Objects.requireNonNull(name);
      Objects.requireNonNull(value);
    }
  }

  /** Engine → operator, before any input: the header line of the input schema. */
  record Header(String line) implements ProtocolMessage {
    public Header {
      Objects.requireNonNull(line);
    }
  }

  /** Engine → operator: one input tuple. */
  record Input(Tuple tuple) implements ProtocolMessage {
    public Input {
      Objects.requireNonNull(tuple);
    }
  }

  /** Operator → engine: one output of the current input. */
  record Output(Tuple tuple) implements ProtocolMessage {
    public Output {
      Objects.requireNonNull(tuple);
    }
  }

  /** Operator → engine: the current input is finished; its outputs were the preceding lines. */
  record Done() implements ProtocolMessage {}

  /** Operator → engine: the current input is malformed and skipped; its outputs are discarded. */
  record Malformed(String reason) implements ProtocolMessage {
    public Malformed {
      Objects.requireNonNull(reason);
    }
  }
}
