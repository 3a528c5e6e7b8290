package org.dsuite.swim.wire;

/**
 * One part of the answer to a {@link ControlRequest}; long answers are split over several packets.
 *
 * @param status grep-like exit status for the CLI (0 ok, 1 not found, 2 error)
 */
public record ControlReply(long nonce, int part, int parts, int status, String text)
    implements WirePayload {}
