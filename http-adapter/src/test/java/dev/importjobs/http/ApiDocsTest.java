package dev.importjobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.storage.sqlite.SqliteJobStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.jr.ob.JSON;

/**
 * Replays every curl example of docs/api.md, in order, against a real server and checks the status
 * each one promises ({@code # → NNN}). {@code $BASE} is the server, {@code $ID} the first job created.
 */
class ApiDocsTest {
    private static final Pattern BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PROMISE = Pattern.compile("# → (\\d{3})");

    @TempDir
    Path dir;

    @Test
    void everyCurlExampleInTheApiDocsDoesWhatItSays() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "api.md"));
        List<String> blocks = new ArrayList<>();
        Matcher block = BLOCK.matcher(doc);
        while (block.find()) {
            blocks.add(block.group(1));
        }
        assertTrue(blocks.size() >= 10, "docs/api.md has its examples");

        HttpClient client = HttpClient.newHttpClient();
        try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("docs.db"));
                ImportJobsServer server = ImportJobsServer.builder(ImportJobs.builder(store).build(), store)
                        .port(0).start()) {
            String id = null;
            for (String example : blocks) {
                Matcher promise = PROMISE.matcher(example);
                assertTrue(promise.find(), "every example says what it answers: " + example);
                String command = example.lines().filter(line -> !line.startsWith("#"))
                        .reduce("", (a, b) -> a.endsWith("\\") ? a.substring(0, a.length() - 1) + " " + b : a + " " + b)
                        .replace("$BASE", server.baseUrl());
                if (id != null) {
                    command = command.replace("$ID", id);
                }
                HttpResponse<String> response = client.send(toRequest(Tokens.of(command.strip())),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(Integer.parseInt(promise.group(1)), response.statusCode(),
                        command + "\n→ " + response.body());
                if (id == null && response.statusCode() == 201) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> data = (Map<String, Object>) JSON.std.mapFrom(response.body()).get("data");
                    id = (String) data.get("id");
                }
            }
            assertNotNull(id, "the first example creates a job");
        }
    }

    /** Builds the request a {@code curl -s [-X M] [-H 'h: v']… [-d 'body'] URL} command would send. */
    private static HttpRequest toRequest(List<String> args) {
        assertEquals("curl", args.get(0));
        String method = null;
        String body = null;
        String url = null;
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
            switch (args.get(i)) {
                case "-s" -> { }
                case "-X" -> method = args.get(++i);
                case "-H" -> {
                    String[] header = args.get(++i).split(":", 2);
                    headers.add(new String[] {header[0].strip(), header[1].strip()});
                }
                case "-d" -> body = args.get(++i);
                default -> url = args.get(i);
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        headers.forEach(h -> request.header(h[0], h[1]));
        String verb = method != null ? method : body != null ? "POST" : "GET";
        return request.method(verb, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** Splits a shell command line into words, honouring single and double quotes. */
    static final class Tokens {
        static List<String> of(String line) {
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            char quote = 0;
            boolean inWord = false;
            for (char c : line.toCharArray()) {
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        word.append(c);
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    inWord = true;
                } else if (Character.isWhitespace(c)) {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                } else {
                    word.append(c);
                    inWord = true;
                }
            }
            if (inWord) {
                words.add(word.toString());
            }
            return words;
        }
    }
}
