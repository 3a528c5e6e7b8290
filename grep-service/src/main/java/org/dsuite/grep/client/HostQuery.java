package org.dsuite.grep.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import org.dsuite.common.net.HostPort;
import org.dsuite.grep.proto.Done;
import org.dsuite.grep.proto.Frames;
import org.dsuite.grep.proto.ProtocolException;
import org.dsuite.grep.proto.Wire;

/** Sends one request to one server and consumes its replies. */
final class HostQuery {
  private final DgrepConfig config;

  HostQuery(DgrepConfig config) {
    this.config = config;
  }

  /** Connects with the connect timeout and sends one frame; the caller reads the replies. */
  private Socket open(HostPort host, int type, byte[] payload) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(
          new InetSocketAddress(host.host(), host.port()),
          (int) config.connectTimeout().toMillis());
      s.setTcpNoDelay(true);
      s.setSoTimeout((int) config.readTimeout().toMillis());
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
      Frames.write(out, type, payload, payload.length);
      out.flush();
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** Runs a query on {@code host}, printing its output as it arrives. Never throws. */
  HostResult query(HostPort host, byte[] queryPayload, OutputPrinter printer) {
    Socket s;
    try {
      s = open(host, Frames.QUERY, queryPayload);
    } catch (UnknownHostException e) {
      return new HostResult(host, HostResult.Outcome.UNREACHABLE, null, "unknown host");
    } catch (SocketTimeoutException e) {
      return new HostResult(host, HostResult.Outcome.UNREACHABLE, null, "connect timed out");
    } catch (IOException e) {
      return new HostResult(host, HostResult.Outcome.UNREACHABLE, null, reason(e));
    }
    byte[] prefix = (host + ":").getBytes(StandardCharsets.ISO_8859_1);
    try (s) {
      DataInputStream in =
          new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
      while (true) {
        Frames.Frame f = Frames.read(in, config.maxFrameBytes());
        switch (f.type()) {
          case Frames.OUTPUT -> printer.print(prefix, f.payload());
          case Frames.HEARTBEAT -> {
            // The server is alive and still scanning.
          }
          case Frames.DONE -> {
            return new HostResult(host, HostResult.Outcome.ANSWERED, Done.decode(f.payload()), "");
          }
          case Frames.ERROR -> {
            Wire.Error err = Wire.decodeError(f.payload());
            return new HostResult(
                host, HostResult.Outcome.REFUSED, null, err.code() + ": " + err.message());
          }
          default -> {
            return new HostResult(
                host, HostResult.Outcome.FAILED, null, "unexpected frame type " + f.type());
          }
        }
      }
    } catch (SocketTimeoutException e) {
      return new HostResult(
          host,
          HostResult.Outcome.TIMED_OUT,
          null,
          "no reply for " + config.readTimeout().toMillis() + " ms");
    } catch (EOFException e) {
      return new HostResult(host, HostResult.Outcome.FAILED, null, "connection closed mid-reply");
    } catch (IOException e) {
      return new HostResult(host, HostResult.Outcome.FAILED, null, reason(e));
    } catch (ProtocolException e) {
      return new HostResult(host, HostResult.Outcome.FAILED, null, e.getMessage());
    }
  }

  /**
   * Asks one server for the cluster's grep servers.
   *
   * @throws IOException if the server cannot be reached or answers with anything else
   */
  java.util.List<HostPort> members(HostPort host) throws IOException {
    try (Socket s = open(host, Frames.MEMBERS, new byte[0])) {
      DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
      Frames.Frame f = Frames.read(in, config.maxFrameBytes());
      if (f.type() == Frames.ERROR) {
        throw new IOException(Wire.decodeError(f.payload()).message());
      }
      if (f.type() != Frames.MEMBERS_REPLY) {
        throw new IOException("unexpected reply type " + f.type());
      }
      java.util.List<HostPort> out = new java.util.ArrayList<>();
      for (String a : Wire.decodeMembers(f.payload())) {
        out.add(HostPort.parse(a));
      }
      return out;
    } catch (ProtocolException | IllegalArgumentException e) {
      throw new IOException("bad member list from " + host + ": " + e.getMessage());
    }
  }

  private static String reason(IOException e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.toLowerCase(java.util.Locale.ROOT);
  }
}
