package org.dsuite.swim.wire;

import java.util.List;

/**
 * A CLI command sent to a running member's UDP socket ({@code list_mem}, {@code leave}, ...).
 *
 * @param nonce chosen by the client; echoed in every reply part and used for replay protection
 */
public record ControlRequest(long nonce, String command, List<String> args) implements WirePayload {
  public ControlRequest {
    args = List.copyOf(args);
  }
}
