package org.dsuite.swim.wire;

import org.dsuite.swim.core.Message;

/** What one packet holds: a protocol message or a control request or reply. */
public sealed interface WirePayload permits WirePayload.Swim, ControlRequest, ControlReply {
  /** A SWIM protocol message. */
  record Swim(Message message) implements WirePayload {}
}
