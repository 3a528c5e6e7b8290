package org.dsuite.swim.core;

import org.dsuite.common.net.HostPort;

/** A message the shell must send. Addressed by address: a seed's member ID is not yet known. */
public record Outgoing(HostPort to, Message message) {}
