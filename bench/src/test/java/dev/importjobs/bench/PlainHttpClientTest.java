package dev.importjobs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load generator's own client against a real JDK server on port 0 (bodies by length, chunked and absent, a
 * POST's body as sent, a connection kept per worker, a new one after the server closes one), and against a server
 * socket answering bytes written by hand, for what the JDK server does not send. A client that misreads a
 * response's end waits for bytes that never come: the timeout fails the test instead.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
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

    @Test
    void skipsInterimResponsesReadsChunkExtensionsAndTrailersAndABodyToTheConnectionsEnd() throws Exception {
        try (ServerSocket scripted = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                PlainHttpClient client = new PlainHttpClient()) {
            CompletableFuture<Integer> connections = CompletableFuture.supplyAsync(() -> {
                try {
                    try (Socket first = scripted.accept()) {
                        BufferedReader in = reader(first);
                        readHead(in);
                        write(first, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                                + "Connection: Keep-Alive\r\n\r\n5;ext=1\r\nhello\r\n0\r\nTrailer: x\r\n\r\n");
                        readHead(in);
                        write(first, "HTTP/1.0 200 OK\r\n\r\nto the end");
                    }
                    try (Socket second = scripted.accept()) {
                        readHead(reader(second));
                        write(second, "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno");
                    }
                    return 2;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            URI uri = URI.create("http://127.0.0.1:" + scripted.getLocalPort() + "/script");

            assertEquals(new LoadClient.Response(200, "hello"), client.send(0, uri, null));
            assertEquals(new LoadClient.Response(200, "to the end"), client.send(0, uri, null));
            assertEquals(new LoadClient.Response(404, "no"), client.send(0, uri, "{}"));
            assertEquals(2, connections.get(10, TimeUnit.SECONDS));
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    }

    /** Reads a request's head, and its body when it has a length. */
    private static void readHead(BufferedReader in) throws IOException {
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        for (int i = 0; i < length; i++) {
            in.read();
        }
    }

    private static void write(Socket socket, String response) throws IOException {
        socket.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }
}
