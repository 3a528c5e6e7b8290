package org.dsuite.grep.server;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.dsuite.grep.proto.Frames;

/**
 * Sends frames on one connection; the scan thread and the heartbeat timer share it, so every frame
 * is written and flushed under one lock and frames never interleave.
 */
final class FrameWriter {
  private final DataOutputStream out;
  private long lastSendNanos = System.nanoTime();

  FrameWriter(OutputStream raw) {
    this.out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
  }

  synchronized void send(int type, byte[] payload, int length) throws IOException {
    Frames.write(out, type, payload, length);
    out.flush();
    lastSendNanos = System.nanoTime();
  }

  void send(int type, byte[] payload) throws IOException {
    send(type, payload, payload.length);
  }

  /** Sends a heartbeat if nothing was sent for {@code quietNanos}. */
  synchronized void heartbeatIfQuiet(long quietNanos) throws IOException {
    if (System.nanoTime() - lastSendNanos >= quietNanos) {
      send(Frames.HEARTBEAT, new byte[0]);
    }
  }
}
