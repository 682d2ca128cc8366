package dev.importjobs.http;

import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.importjobs.core.auth.Principal;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.jr.ob.JSON;

/**
 * The seeds' own examples, read from the seed files at test time (their text is not copied into the
 * repository): style A's five curl requests must work as written with the host replaced, and style B's
 * 401 and 404 bodies are what the server answers.
 */
class SeedExamplesTest {
    static final Path SEEDS = Path.of("..", "..", "shared", "seeds");
    static final Path STYLE_A = SEEDS.resolve("000_5374dc5a4fd84e2c.txt");
    static final Path STYLE_B = SEEDS.resolve("003_cf35098eb249b140.txt");
    /** The seed's stand-in for a token; it is no token that any verifier accepts. */
    static final String TOKEN_PLACEHOLDER = "<access_token_optional>";

    private static final Pattern CURL = Pattern.compile("curl -X (\\w+) (\\S+)(.*?)-d '(.*?)'", Pattern.DOTALL);
    private static final Pattern HEADER = Pattern.compile("-H \"([^\"]*)\"");

    @TempDir
    Path dir;

    /** One curl example: method, path on our server, headers in order, JSON body. */
    record Example(String method, String path, List<String[]> headers, String body) {
        String apiName() {
            return (String) JSON.std.mapFrom(body).get("apiName");
        }

        String[] headerArray(boolean keepPlaceholderToken) {
            List<String> flat = new ArrayList<>();
            for (String[] header : headers) {
                if (!keepPlaceholderToken && header[1].equals(TOKEN_PLACEHOLDER)) {
                    continue;
                }
                flat.add(header[0]);
                flat.add(header[1]);
            }
            return flat.toArray(String[]::new);
        }
    }

    static List<Example> styleAExamples() throws IOException {
        assumeTrue(Files.isRegularFile(STYLE_A), "the style A seed is not at " + STYLE_A.toAbsolutePath()
                + " (it lives outside the repository, in the shared workspace); its examples cannot be replayed");
        String text = Files.readString(STYLE_A, StandardCharsets.UTF_8);
        List<Example> examples = new ArrayList<>();
        Matcher curl = CURL.matcher(text);
        while (curl.find()) {
            List<String[]> headers = new ArrayList<>();
            Matcher header = HEADER.matcher(curl.group(3));
            while (header.find()) {
                String[] pair = header.group(1).split(":", 2);
                headers.add(new String[] {pair[0].strip(), pair[1].strip()});
            }
            examples.add(new Example(curl.group(1), URI.create(curl.group(2)).getPath(), headers, curl.group(4)));
        }
        return examples;
    }

    /** The seed's five requests, in the order create, listByOrganization, getById, update, delete. */
    static Map<String, Example> byApiName() throws IOException {
        List<Example> examples = styleAExamples();
        Map<String, Example> byName = new LinkedHashMap<>();
        examples.forEach(e -> byName.put(e.apiName(), e));
        assertEquals(5, examples.size(), "the seed's example requests");
        assertEquals(Set.of("create", "delete", "getById", "listByOrganization", "update"), byName.keySet());
        for (Example example : examples) {
            assertEquals("POST", example.method());
            assertEquals("/api", example.path());
        }
        return byName;
    }

    TestServer.Reply send(TestServer server, Example example, boolean keepPlaceholderToken) {
        return server.send(example.method(), example.path(), example.body().getBytes(StandardCharsets.UTF_8),
                example.headerArray(keepPlaceholderToken));
    }

    /**
     * With auth off the requests go out exactly as written, placeholder token header included (off ignores
     * tokens). create's "ACTIVE" becomes inProgress; the examples' id "id_123" names no job, so getById,
     * update and delete answer 3001 — the seed's own failure for an unknown id.
     */
    @Test
    void theStyleAExamplesWorkAsWrittenWithAuthOff() throws IOException {
        Map<String, Example> examples = byApiName();
        try (TestServer server = TestServer.options().auth(AuthMode.OFF).start(dir)) {
            replayAll(server, examples, true);
        }
    }

    /**
     * In optional mode (the seed's own) a token that is sent must verify, and the placeholder is no token:
     * the requests are sent without that header, as the anonymous caller the seed allows ("no token is
     * allowed"). Sent with it, they are 401 4004.
     */
    @Test
    void theStyleAExamplesWorkInOptionalModeWithoutThePlaceholderToken() throws IOException {
        Map<String, Example> examples = byApiName();
        try (TestServer server = TestServer.options().auth(AuthMode.OPTIONAL)
                .verifier(token -> Optional.empty()).start(dir)) {
            send(server, examples.get("create"), true).fails(401, 4004, "Invalid Token");
            replayAll(server, examples, false);
        }
    }

    private void replayAll(TestServer server, Map<String, Example> examples, boolean keepPlaceholderToken) {
        TestServer.Reply created = send(server, examples.get("create"), keepPlaceholderToken);
        Map<String, Object> job = created.okA();
        assertEquals("inProgress", job.get("status"), "ACTIVE is inProgress");
        assertEquals("org_123", job.get("organizationId"));
        assertEquals("createdbystackuser_123", job.get("createdByStackUserId"));
        assertEquals("value", job.get("fileName"));
        assertEquals("value", job.get("idempotencyKey"));
        assertEquals(1L, number(job.get("version")));

        TestServer.Reply replay = send(server, examples.get("create"), keepPlaceholderToken);
        assertEquals(job, replay.okA());
        assertEquals("true", replay.header("Idempotent-Replayed"));

        Map<String, Object> page = send(server, examples.get("listByOrganization"), keepPlaceholderToken).okA();
        assertEquals(1L, number(page.get("totalDocs")));
        assertEquals(List.of(job), page.get("items"));

        for (String apiName : List.of("getById", "update", "delete")) {
            TestServer.Reply reply = send(server, examples.get(apiName), keepPlaceholderToken);
            reply.fails(404, 3001, "Entity not found");
            assertEquals("error", reply.json().get("status"));
        }
        assertEquals(job, server.jobOf((String) job.get("id")), "the failed calls changed nothing");
    }

    /** Style B's 401 (required mode, no token) and 404 bodies, compared whole with the seed's. */
    @Test
    void theStyleBErrorBodiesAreTheSeeds() throws IOException {
        assumeTrue(Files.isRegularFile(STYLE_B), "the style B seed is not at " + STYLE_B.toAbsolutePath()
                + " (it lives outside the repository, in the shared workspace); its examples cannot be compared");
        String text = Files.readString(STYLE_B, StandardCharsets.UTF_8);
        Map<String, Object> unauthorized = exampleAfter(text, "401 Response");
        Map<String, Object> notFound = exampleAfter(text, "404 Response");
        Map<String, Object> listed = exampleAfter(text, "200 Response");
        Principal admin = new Principal("admin", Set.of("*"), Set.of("*"));

        try (TestServer server = TestServer.options().auth(AuthMode.REQUIRED)
                .verifier(token -> token.equals("admin-token") ? Optional.of(admin) : Optional.empty()).start(dir)) {
            assertEquals(unauthorized, server.get(JOBS).json());
            assertEquals(401, server.get(JOBS).status);
            TestServer.Reply missing = server.get(JOBS + "/0123456789abcdef01234567",
                    "Authorization", "Bearer admin-token");
            assertEquals(404, missing.status);
            assertEquals(notFound, missing.json());

            // Every field of the seed's listed item is in ours, at the same place.
            server.post(JOBS, TestServer.createB("config", TestServer.obj("override", true)),
                    "Authorization", "Bearer admin-token").okB(201);
            Map<String, Object> page = server.get(JOBS, "Authorization", "Bearer admin-token").okB(200);
            Map<?, ?> seedPage = assertInstanceOf(Map.class, listed.get("data"));
            assertEquals(true, listed.get("status"));
            Map<?, ?> seedItem = assertInstanceOf(Map.class, ((List<?>) seedPage.get("items")).get(0));
            Map<?, ?> ourItem = assertInstanceOf(Map.class, ((List<?>) page.get("items")).get(0));
            assertSameShape("item", seedItem, ourItem);
            for (Object key : seedPage.keySet()) {
                // "lean" is a mongoose option the contract's page object (§6) does not carry.
                assertTrue(key.equals("lean") || page.containsKey(key), "page field " + key);
            }
        }
    }

    /** Every key of {@code seed} is in {@code ours}; nested objects likewise. */
    private static void assertSameShape(String path, Map<?, ?> seed, Map<?, ?> ours) {
        for (Map.Entry<?, ?> entry : seed.entrySet()) {
            String at = path + "." + entry.getKey();
            assertTrue(ours.containsKey(entry.getKey()), "missing " + at);
            if (entry.getValue() instanceof Map<?, ?> nested) {
                assertSameShape(at, nested, assertInstanceOf(Map.class, ours.get(entry.getKey()), at));
            }
        }
        assertNull(ours.get("lean"));
    }

    /** The first JSON object that starts on its own line after {@code marker}. */
    private static Map<String, Object> exampleAfter(String text, String marker) {
        int from = text.indexOf(marker);
        assertTrue(from >= 0, "the seed has no '" + marker + "'");
        int start = text.indexOf("\n{", from) + 1;
        int depth = 0;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return JSON.std.mapFrom(text.substring(start, i + 1));
            }
        }
        throw new AssertionError("unterminated example after '" + marker + "'");
    }
}
