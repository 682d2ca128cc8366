package dev.importjobs.http;

import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.auth.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.jr.ob.JSON;

/**
 * The examples of the two API references the product was specified from, kept as facts in
 * {@code seed-examples.json} (a test resource): style A's five requests (method, path, headers, body)
 * must work as written, and style B's 401 and 404 bodies are what the server answers; every field name
 * of style B's listed item is in ours.
 */
class SeedExamplesTest {
    static final String RESOURCE = "/seed-examples.json";
    /** The reference's stand-in for a token; it is no token that any verifier accepts. */
    static final String TOKEN_PLACEHOLDER = "<access_token_optional>";

    @TempDir
    Path dir;

    /** One example request: method, path on our server, headers in order, JSON body. */
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

    /** The resource's {@code styleA} or {@code styleB} part. */
    static Map<String, Object> examples(String style) throws IOException {
        try (InputStream in = SeedExamplesTest.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(in, RESOURCE + " is a test resource");
            return TestServer.map(JSON.std.mapFrom(in).get(style));
        }
    }

    static List<Example> styleAExamples() throws IOException {
        List<Example> examples = new ArrayList<>();
        for (Map<String, Object> request : TestServer.list(examples("styleA").get("requests"))) {
            List<String[]> headers = new ArrayList<>();
            for (Object header : (List<?>) request.get("headers")) {
                List<?> pair = (List<?>) header;
                headers.add(new String[] {(String) pair.get(0), (String) pair.get(1)});
            }
            examples.add(new Example((String) request.get("method"), (String) request.get("path"), headers,
                    JSON.std.asString(request.get("body"))));
        }
        return examples;
    }

    /** The reference's five requests, in the order create, listByOrganization, getById, update, delete. */
    static Map<String, Example> byApiName() throws IOException {
        List<Example> examples = styleAExamples();
        Map<String, Example> byName = new LinkedHashMap<>();
        examples.forEach(e -> byName.put(e.apiName(), e));
        assertEquals(5, examples.size(), "the reference's example requests");
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
     * update and delete answer 3001, the failure for an unknown id (docs/model.md#errors).
     */
    @Test
    void theStyleAExamplesWorkAsWrittenWithAuthOff() throws IOException {
        Map<String, Example> examples = byApiName();
        try (TestServer server = TestServer.options().auth(AuthMode.OFF).start(dir)) {
            replayAll(server, examples, true);
        }
    }

    /**
     * In optional mode (style A's own) a token that is sent must verify, and the placeholder is no token:
     * the requests are sent without that header, as the anonymous caller optional mode admits
     * (docs/server.md#auth). Sent with it, they are 401 4004.
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

    /** Style B's 401 (required mode, no token) and 404 bodies, compared whole with the reference's. */
    @Test
    void theStyleBErrorBodiesAreTheSeeds() throws IOException {
        Map<String, Object> styleB = examples("styleB");
        Map<String, Object> unauthorized = TestServer.map(styleB.get("401"));
        Map<String, Object> notFound = TestServer.map(styleB.get("404"));
        // The reference's 200 list answer with its values left out: the test compares field names only.
        Map<String, Object> listed = TestServer.map(styleB.get("200-fields"));
        Principal admin = new Principal("admin", Set.of("*"), Set.of("*"));

        try (TestServer server = TestServer.options().auth(AuthMode.REQUIRED)
                .verifier(token -> token.equals("admin-token") ? Optional.of(admin) : Optional.empty()).start(dir)) {
            assertEquals(unauthorized, server.get(JOBS).json());
            assertEquals(401, server.get(JOBS).status);
            TestServer.Reply missing = server.get(JOBS + "/0123456789abcdef01234567",
                    "Authorization", "Bearer admin-token");
            assertEquals(404, missing.status);
            assertEquals(notFound, missing.json());

            // Every field of the reference's listed item is in ours, at the same place.
            server.post(JOBS, TestServer.createB("config", TestServer.obj("override", true)),
                    "Authorization", "Bearer admin-token").okB(201);
            Map<String, Object> page = server.get(JOBS, "Authorization", "Bearer admin-token").okB(200);
            Map<?, ?> seedPage = assertInstanceOf(Map.class, listed.get("data"));
            assertEquals(true, listed.get("status"));
            Map<?, ?> seedItem = assertInstanceOf(Map.class, ((List<?>) seedPage.get("items")).get(0));
            Map<?, ?> ourItem = assertInstanceOf(Map.class, ((List<?>) page.get("items")).get(0));
            assertSameShape("item", seedItem, ourItem);
            for (Object key : seedPage.keySet()) {
                // "lean" is a mongoose option our page object (docs/model.md#listing-and-pages) does not carry.
                assertTrue(key.equals("lean") || page.containsKey(key), "page field " + key);
            }
        }
    }

    /** Every key of the reference's {@code seed} is in {@code ours}; nested objects likewise. */
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
}
