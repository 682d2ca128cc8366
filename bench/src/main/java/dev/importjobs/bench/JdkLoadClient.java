package dev.importjobs.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code --client jdk}: the JDK's {@link HttpClient}, HTTP/1.1; a GET's request is built once per URI. */
final class JdkLoadClient implements LoadClient {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<URI, HttpRequest> gets = new ConcurrentHashMap<>();

    @Override
    public Response send(int worker, URI uri, String jsonBody) throws IOException, InterruptedException {
        HttpRequest request = jsonBody == null ? gets.computeIfAbsent(uri, u -> HttpRequest.newBuilder(u).GET().build())
                : HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(jsonBody)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    @Override
    public void disconnect() {
        // The JDK client keeps, reuses and closes its own connections.
    }

    @Override
    public String toString() {
        return "JDK HttpClient";
    }
}
