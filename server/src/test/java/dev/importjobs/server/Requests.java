package dev.importjobs.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the multi-node tests send a server (any method, headers), and the job ids they read from its answers. */
final class Requests {
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f]{24})\"");

    private Requests() {
    }

    /** One request, a JSON body if any, with the headers given; waits for the whole answer (at most 60 s). */
    static HttpResponse<String> send(HttpClient client, URI uri, String method, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The first job id in an answer; fails the test if there is none. */
    static String id(String body) {
        Matcher id = ID.matcher(body);
        assertTrue(id.find(), body);
        return id.group(1);
    }

    /** Every job id in an answer, in order. */
    static List<String> ids(String body) {
        List<String> ids = new ArrayList<>();
        Matcher id = ID.matcher(body);
        while (id.find()) {
            ids.add(id.group(1));
        }
        return ids;
    }
}
