package dev.importjobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The load generator's own client against a real JDK server on port 0: bodies by length, chunked and absent,
 * a POST's body as sent, a connection kept per worker, and a new one after the server closes one.
 */
class PlainHttpClientTest {
    private HttpServer server;
    private String base;
    /** The client port of each request the server saw: one per connection. */
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/length", exchange -> answer(exchange, 200, "a body of known length", false));
        server.createContext("/chunked", exchange -> answer(exchange, 201, "x".repeat(20_000), true));
        server.createContext("/empty", exchange -> {
            seen(exchange);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/echo", exchange -> answer(exchange, 200,
                exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                        + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), false));
        server.createContext("/close", exchange -> {
            exchange.getResponseHeaders().set("Connection", "close");
            answer(exchange, 200, "bye", false);
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void seen(HttpExchange exchange) {
        clientPorts.add(exchange.getRemoteAddress().getPort());
    }

    private void answer(HttpExchange exchange, int status, String body, boolean chunked) throws IOException {
        seen(exchange);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void readsBodiesByLengthChunkedAndAbsentOnOneKeptConnection() throws Exception {
        try (PlainHttpClient client = new PlainHttpClient()) {
            assertEquals(new LoadClient.Response(200, "a body of known length"),
                    client.send(0, URI.create(base + "/length"), null));
            assertEquals(new LoadClient.Response(201, "x".repeat(20_000)),
                    client.send(0, URI.create(base + "/chunked"), null));
            assertEquals(new LoadClient.Response(204, ""), client.send(0, URI.create(base + "/empty"), null));
            assertEquals(new LoadClient.Response(200, "POST /echo?a=1%202 application/json {\"é\":1}"),
                    client.send(0, URI.create(base + "/echo?a=1%202"), "{\"é\":1}"));
        }
        assertEquals(4, clientPorts.size());
        assertEquals(1, clientPorts.stream().distinct().count(), () -> "ports " + clientPorts);
    }

    @Test
    void eachWorkerHasItsOwnConnectionAndANewOneAfterTheServerClosesIt() throws Exception {
        try (PlainHttpClient client = new PlainHttpClient()) {
            client.send(0, URI.create(base + "/length"), null);
            client.send(1, URI.create(base + "/length"), null);
            assertEquals(new LoadClient.Response(200, "bye"), client.send(0, URI.create(base + "/close"), null));
            client.send(0, URI.create(base + "/length"), null);
        }
        assertNotEquals(clientPorts.get(0), clientPorts.get(1), () -> "ports " + clientPorts);
        assertEquals(clientPorts.get(0), clientPorts.get(2), () -> "ports " + clientPorts);
        assertNotEquals(clientPorts.get(2), clientPorts.get(3), () -> "ports " + clientPorts);
    }
}
