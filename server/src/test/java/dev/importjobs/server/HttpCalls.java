package dev.importjobs.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Requests to a server under test, each bounded in time; {@code token} may be null. */
final class HttpCalls {
    static final Duration BOUND = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newHttpClient();
    private final String baseUrl;

    HttpCalls(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    URI url(String path) {
        return URI.create(baseUrl + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(path, null);
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url(path)), token);
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return post(path, json, null);
    }

    HttpResponse<String> post(String path, String json, String token) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String token) throws IOException, InterruptedException {
        request.timeout(BOUND);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
