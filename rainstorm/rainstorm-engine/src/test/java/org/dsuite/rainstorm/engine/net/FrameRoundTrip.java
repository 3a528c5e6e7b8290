package org.dsuite.rainstorm.engine.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;

/** Test access to the wire codec: a frame encoded and decoded as a receiver would. */
public final class FrameRoundTrip {
  private final FrameCodec codec = new FrameCodec();
  private final ByteArrayOutputStream wire = new ByteArrayOutputStream(1 << 16);

  /** {@code f} after its bytes went through the codec both ways. */
  public Frame roundTrip(Frame f) throws IOException {
    wire.reset();
    codec.write(f, wire);
    byte[] b = wire.toByteArray();
    return FrameCodec.readBody(b[4], Arrays.copyOfRange(b, 5, b.length), b.length - 5);
  }
}
