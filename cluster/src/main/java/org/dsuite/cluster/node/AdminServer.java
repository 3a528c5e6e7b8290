package org.dsuite.cluster.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The node's one admin endpoint (HTTP on loopback or the node's host): {@code GET /status} (JSON:
 * members, ring, files held, tasks — whatever the services report), {@code GET /metrics}
 * (Prometheus text format) and {@code GET /health}. Read-only: it changes nothing.
 */
final class AdminServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;

  AdminServer(String host, int port, Supplier<Object> status, PrometheusMeterRegistry metrics)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 16);
    executor = Executors.newFixedThreadPool(2, r -> new Thread(r, "admin-http"));
    server.setExecutor(executor);
    server.createContext(
        "/status",
        ex ->
            reply(
                ex,
                "application/json",
                JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(status.get())));
    server.createContext(
        "/metrics",
        ex ->
            reply(
                ex,
                "text/plain; version=0.0.4",
                metrics.scrape().getBytes(StandardCharsets.UTF_8)));
    server.createContext(
        "/health", ex -> reply(ex, "text/plain", "ok\n".getBytes(StandardCharsets.UTF_8)));
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void reply(HttpExchange ex, String type, byte[] body) throws IOException {
    try (ex) {
      if (!"GET".equals(ex.getRequestMethod())) {
        ex.sendResponseHeaders(405, -1);
        return;
      }
      ex.getResponseHeaders().set("Content-Type", type);
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
