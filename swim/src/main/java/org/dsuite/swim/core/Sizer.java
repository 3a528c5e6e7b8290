package org.dsuite.swim.core;

/**
 * Encoded sizes, so the core can fill a packet with as many updates as fit. Implemented by the wire
 * codec; kept as a seam so the core does not depend on the encoding.
 */
public interface Sizer {
  int sizeOf(Gossip g);

  /** Size of {@code m} without its gossip items (a gossip count of up to 2 bytes included). */
  int sizeWithoutGossip(Message m);

  /** Bytes every packet reserves for authentication. */
  int trailerBytes();
}
