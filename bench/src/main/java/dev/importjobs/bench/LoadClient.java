package dev.importjobs.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How {@link HttpLoad}'s workers send their requests: {@code plain}, a blocking HTTP/1.1 client of our own with a
 * kept-alive connection per worker ({@link PlainHttpClient}), or {@code jdk}, the JDK's {@link HttpClient}. The
 * load generator shares the machine's cores with the servers it measures, so what it spends per request is taken
 * from them (docs/benchmarks.md#http-on-loopback).
 */
interface LoadClient extends AutoCloseable {
    /** The names {@code --client} takes. */
    String PLAIN = "plain";
    String JDK = "jdk";

    /** A response's status and body. */
    record Response(int status, String body) {
    }

    /**
     * Sends a request for {@code worker} (a worker sends one at a time) and waits for its whole response: a GET, or a
     * POST of {@code jsonBody} when it is not null.
     */
    Response send(int worker, URI uri, String jsonBody) throws IOException, InterruptedException;

    /** Closes the connections kept so far; the next request of a worker opens a new one. */
    @Override
    void close();

    /** {@code name} if {@code --client} takes it; else the option's error, naming the value. */
    static String checkName(String name) {
        if (!PLAIN.equals(name) && !JDK.equals(name)) {
            throw new IllegalArgumentException("--client is " + PLAIN + " or " + JDK + "; got " + name);
        }
        return name;
    }

    /** The client {@code --client} names. */
    static LoadClient named(String name) {
        return checkName(name).equals(PLAIN) ? new PlainHttpClient() : jdk();
    }

    /** The JDK's client, HTTP/1.1; a GET's request is built once per URI. */
    private static LoadClient jdk() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Map<URI, HttpRequest> gets = new ConcurrentHashMap<>();
        return new LoadClient() {
            @Override
            public Response send(int worker, URI uri, String jsonBody) throws IOException, InterruptedException {
                HttpRequest request = jsonBody == null ? gets.computeIfAbsent(uri, u -> HttpRequest.newBuilder(u).GET().build())
                        : HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)).build();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                return new Response(response.statusCode(), response.body());
            }

            @Override
            public void close() {
                // The JDK client keeps and closes its own connections.
            }

            @Override
            public String toString() {
                return "JDK HttpClient";
            }
        };
    }
}
