package org.dsuite.rainstorm.engine.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One outgoing connection to another worker's {@link DataPlaneServer}. Sending a batch takes one
 * credit (granted by the receiver as it hands batches to tasks) and writes the whole frame with one
 * write and one flush; acks take no credit, so acknowledgements flow even while data is throttled
 * (a stalled ack would stall the upstream's buffer and deadlock the pipeline).
 */
public final class PeerConnection implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final DataPlaneConfig config;
  private final FrameCodec codec = new FrameCodec();
  private final Semaphore credits = new Semaphore(0);
  private final Thread creditReader;
  private volatile IOException failure;

  private PeerConnection(Socket socket, DataPlaneConfig config) throws IOException {
    this.socket = socket;
    this.config = config;
    this.out = new BufferedOutputStream(socket.getOutputStream(), config.socketBufferBytes());
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 256));
    this.creditReader = new Thread(this::readCredits, "data-plane-credits-" + socket.getPort());
    this.creditReader.setDaemon(true);
  }

  public static PeerConnection connect(InetSocketAddress to, DataPlaneConfig config)
      throws IOException {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.setSendBufferSize(config.socketBufferBytes());
      s.connect(to, (int) config.connectTimeoutMs());
      PeerConnection c = new PeerConnection(s, config);
      c.creditReader.start();
      return c;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /**
   * Sends one frame; a batch first waits for credit.
   *
   * @throws IOException if the connection failed or no credit came within {@link
   *     DataPlaneConfig#creditWaitMs()}
   */
  public void send(Frame f) throws IOException {
    if (f instanceof Frame.Batch) {
      acquireCredit();
    }
    synchronized (codec) {
      checkOpen();
      codec.write(f, out);
      out.flush();
    }
  }

  /** Credits currently available (batches that may be sent without waiting). */
  public int availableCredits() {
    return credits.availablePermits();
  }

  public boolean isOpen() {
    return failure == null && !socket.isClosed();
  }

  private void acquireCredit() throws IOException {
    try {
      if (!credits.tryAcquire(config.creditWaitMs(), TimeUnit.MILLISECONDS)) {
        checkOpen();
        throw new IOException(
            "no credit from "
                + socket.getRemoteSocketAddress()
                + " in "
                + config.creditWaitMs()
                + " ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted waiting for credit");
    }
  }

  private void checkOpen() throws IOException {
    IOException f = failure;
    if (f != null) {
      throw new IOException("connection to " + socket.getRemoteSocketAddress() + " failed", f);
    }
  }

  private void readCredits() {
    try {
      while (true) {
        int len = in.readInt();
        byte type = in.readByte();
        if (len != 5 || type != FrameCodec.CREDIT) {
          throw new IOException("unexpected frame from receiver: type " + type);
        }
        int n = in.readInt();
        if (n < 1 || n > 1 << 16) {
          throw new IOException("bad credit " + n);
        }
        credits.release(n);
      }
    } catch (IOException e) {
      failure = e;
      credits.release(1 << 16); // wake a waiting sender so it sees the failure
    }
  }

  @Override
  public void close() throws IOException {
    if (failure == null) {
      failure = new IOException("closed");
    }
    socket.close();
    try {
      creditReader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
