package org.dsuite.grep.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.dsuite.common.net.HostPort;

/** A fake server that accepts connections and reads requests but never answers. */
public final class HangingServer implements AutoCloseable {
  private final ServerSocket socket;
  private final List<Socket> accepted = new ArrayList<>();
  private final Thread acceptor;

  public HangingServer() throws IOException {
    socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    acceptor =
        new Thread(
            () -> {
              while (!socket.isClosed()) {
                try {
                  Socket s = socket.accept();
                  synchronized (accepted) {
                    accepted.add(s);
                  }
                } catch (IOException e) {
                  return;
                }
              }
            },
            "hanging-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public HostPort address() {
    return new HostPort("127.0.0.1", socket.getLocalPort());
  }

  @Override
  public void close() throws IOException, InterruptedException {
    socket.close();
    synchronized (accepted) {
      for (Socket s : accepted) {
        s.close();
      }
    }
    acceptor.join(5000);
  }
}
