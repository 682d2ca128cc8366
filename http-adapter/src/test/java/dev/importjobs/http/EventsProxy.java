package dev.importjobs.http;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Stands in front of a real server and answers its event streams ({@code GET …/bulk-tasks/events} and
 * {@code …/bulk-tasks/{id}/events}) itself: either with streams the test writes byte by byte, as it likes
 * (docs/dashboard.md#live-updates), or as a server from before the streams did, with a 404. Every other
 * request is passed through, so the page sees one origin, as it would in production.
 */
final class EventsProxy implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Hop-by-hop headers and those the client sets itself. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "transfer-encoding", "keep-alive", "date");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final URI target;
    private final BlockingQueue<Stream> streams = new LinkedBlockingQueue<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    /** Whether the streams are the test's to write; else they are not there at all. */
    private final boolean writable;

    /** A proxy whose event streams the test writes. */
    EventsProxy(URI target) {
        this(target, true);
    }

    private EventsProxy(URI target, boolean writable) {
        this.target = target;
        this.writable = writable;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A proxy that answers as a server without event streams: 404, route not found. */
    static EventsProxy withoutStreams(URI target) {
        return new EventsProxy(target, false);
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        requests.add(exchange.getRequestMethod() + " " + uri);
        if (exchange.getRequestMethod().equals("GET") && uri.getPath().endsWith("/events") && !writable) {
            byte[] notFound = "{\"status\":false,\"error\":{\"code\":1004,\"message\":\"Route not found\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(404, notFound.length);
            try (exchange) {
                exchange.getResponseBody().write(notFound);
            }
            return;
        }
        if (exchange.getRequestMethod().equals("GET") && uri.getPath().endsWith("/events")) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().flush();
            streams.add(new Stream(exchange));
            return; // the test writes to it and closes it
        }
        try (exchange) {
            forward(exchange);
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        exchange.getResponseBody().write(answer);
    }

    /** The next event stream a page opened, waiting for it up to the browser's patience. */
    Stream awaitStream() {
        try {
            Stream stream = streams.poll(Browser.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(stream, "the page opened no event stream");
            return stream;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How many requests so far match, e.g. {@code r -> r.startsWith("GET /v1/…?limit=20")}. */
    long count(Predicate<String> request) {
        return requests.stream().filter(request).count();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** One open event stream: what the page sent, and a way to write to it. */
    static final class Stream {
        private final HttpExchange exchange;
        final String path;
        final Headers requestHeaders;

        Stream(HttpExchange exchange) {
            this.exchange = exchange;
            this.path = exchange.getRequestURI().getPath();
            this.requestHeaders = exchange.getRequestHeaders();
        }

        /** Writes {@code text} as it is and flushes, so the page gets it now. */
        void send(String text) {
            try {
                OutputStream out = exchange.getResponseBody();
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("the page closed its event stream", e);
            }
        }

        void close() {
            exchange.close();
        }
    }
}
