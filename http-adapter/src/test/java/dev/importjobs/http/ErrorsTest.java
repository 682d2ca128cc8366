package dev.importjobs.http;

import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.ORG;
import static dev.importjobs.http.TestServer.createA;
import static dev.importjobs.http.TestServer.createB;
import static dev.importjobs.http.TestServer.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.jr.ob.JSON;

/** The errors of docs/model.md#errors, their codes and messages, the common headers, and that a failure changes nothing. */
class ErrorsTest {
    static final String SORT_FIELDS = "createdAt, updatedAt, startedAt, completedAt, status, action, importScope,"
            + " fileName, file.originalName, totalRows, report.numItems, processedRows, report.numProcessed,"
            + " errorCount, report.numErrors";
    static final String STATUSES = "pending, created, inProgress, completed, failed, cancelled";
    static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.options().maxBodyBytes(1024).start(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String newJob(Object... extra) {
        return (String) server.newJobB(extra).get("id");
    }

    // ---- 400 1000: validation ---------------------------------------------------------------------

    @Test
    void anUnknownStyleAFieldIsNamedWithASuggestion() {
        TestServer.Reply reply = server.rpc("listByOrganization", obj("organizationId", ORG, "pagesize", 5));

        assertEquals("is not a known field; did you mean 'pageSize'?", reply.invalid("pagesize"));
        assertEquals("pagesize: is not a known field; did you mean 'pageSize'?", reply.at("error.message"));
    }

    /** {@code limit} is what style B and the page object call style A's {@code pageSize}; likewise {@code action}. */
    @Test
    void aStyleAListingGivenStyleBsParameterNamesIsPointedToItsOwn() {
        TestServer.Reply jobs = server.rpc("listByOrganization", obj("organizationId", ORG, "limit", 5, "action", "x"));
        assertEquals("is not a known field; did you mean 'pageSize'?", jobs.invalid("limit"));
        assertEquals("is not a known field; did you mean 'importScope'?", jobs.invalid("action"));

        TestServer.Reply errors = server.rpc("listErrors", obj("organizationId", ORG, "id", newJob(), "limit", 5));
        assertEquals("is not a known field; did you mean 'pageSize'?", errors.invalid("limit"));
    }

    @Test
    void anUnknownStyleBQueryParameterIsNamedWithASuggestion() {
        TestServer.Reply reply = server.get(JOBS + "?limti=5");

        assertEquals("is not a known parameter; did you mean 'limit'? (known: action, createdBy, cursor, limit, page,"
                + " sort, stalled, status)", reply.invalid("limti"));
        assertEquals("is not a known parameter; did you mean 'severity'? (known: limit, page, severity)",
                server.get(JOBS + "/" + newJob() + "/errors?sevreity=error").invalid("sevreity"));
        assertTrue(server.get(JOBS + "/" + newJob() + "?x=1").invalid("x").startsWith("is not a known parameter"));
    }

    @Test
    void unknownStyleBBodyFieldsAreNamedWhereverTheyAre() {
        TestServer.Reply reply = server.post(JOBS, createB("stauts", "pending", "file", obj("originalName", "a.csv",
                "mimeType", "text/csv"), "report", obj("numitems", 3), "extra", 1));

        assertEquals("is not a known field; did you mean 'status'?", reply.invalid("stauts"));
        assertEquals("is not a known field; did you mean 'mimetype'?", reply.invalid("file.mimeType"));
        assertEquals("is not a known field; did you mean 'numItems'?", reply.invalid("report.numitems"));
        assertEquals("is not a known field", reply.invalid("extra"));
        assertEquals(0L, server.get(JOBS).num("data.totalDocs"));
    }

    @Test
    void wrongTypesAreNamedWithTheTypeExpected() {
        TestServer.Reply b = server.post(JOBS, createB("status", 5, "config", List.of(), "report",
                obj("numItems", "ten", "numErrors", 1.5, "numSkips", new BigInteger("99999999999999999999")),
                "createdAt", "yesterday", "lastProcessedChunkIndex", 3_000_000_000L, "file", "a.csv"));

        assertEquals("must be a string", b.invalid("status"));
        assertEquals("must be an object", b.invalid("config"));
        assertEquals("must be an integer", b.invalid("report.numItems"));
        assertEquals("must be an integer", b.invalid("report.numErrors"));
        assertEquals("must fit in a signed 64-bit integer", b.invalid("report.numSkips"));
        assertEquals("must be an ISO-8601 date-time with an offset, for example 2024-01-01T00:00:00.000Z",
                b.invalid("createdAt"));
        assertEquals("must be an integer up to 2147483647", b.invalid("lastProcessedChunkIndex"));
        assertEquals("must be an object", b.invalid("file"));

        TestServer.Reply a = server.rpc("create", createA("key-1", "startedAt", "2024-01-01T00:00:00Z",
                "errorReport", List.of("line 1"), "idempotencyKey", true));
        assertEquals("must be an integer", a.invalid("startedAt"));
        assertEquals("must be an object", a.invalid("errorReport[0]"));
        assertEquals("must be a string", a.invalid("idempotencyKey"));
    }

    @Test
    void anUnknownStatusListsTheValidOnes() {
        assertEquals("must be one of " + STATUSES, server.post(JOBS, createB("status", "done")).invalid("status"));
        assertEquals("must be one of " + STATUSES, server.get(JOBS + "?status=pending,done").invalid("status"));
    }

    @Test
    void aJobIsCreatedOnlyInAnInitialStatus() {
        assertEquals("a job is created as pending, created or inProgress, not completed",
                server.post(JOBS, createB("status", "completed")).invalid("status"));
    }

    @Test
    void pageAndLimitOutOfRangeNameTheParameterAndItsRange() {
        assertEquals("must be an integer 1..2147483647", server.get(JOBS + "?page=0").invalid("page"));
        assertEquals("must be an integer 1..100", server.get(JOBS + "?limit=101").invalid("limit"));
        assertEquals("must be an integer 1..100", server.get(JOBS + "?limit=abc").invalid("limit"));
        assertEquals("must be an integer 1..100", server.get(JOBS + "?limit=0").invalid("limit"));
        assertEquals("must be an integer 1..2147483647", server.get(JOBS + "?page=2147483648").invalid("page"));
        assertEquals("limit: must be an integer 1..100", server.get(JOBS + "?limit=101").at("error.message"));

        assertEquals("must be an integer 1..2147483647",
                server.rpc("listByOrganization", obj("organizationId", ORG, "page", 0)).invalid("page"));
        assertEquals("must be an integer 1..100",
                server.rpc("listByOrganization", obj("organizationId", ORG, "pageSize", 101)).invalid("pageSize"));
        assertEquals("must be an integer",
                server.rpc("listByOrganization", obj("organizationId", ORG, "pageSize", "abc")).invalid("pageSize"));

        String id = newJob();
        assertEquals("must be an integer 1..100", server.get(JOBS + "/" + id + "/errors?limit=101").invalid("limit"));
        assertEquals("must be an integer 1..2147483647",
                server.get(JOBS + "/" + id + "/errors?page=0").invalid("page"));
    }

    @Test
    void everyBadListParameterIsReportedAtOnce() {
        TestServer.Reply reply = server.get(JOBS + "?page=0&limit=101&sort=name&status=done");

        reply.fails(400, 1000, "4 fields are invalid: page, limit, sort, status");
        assertEquals("cannot sort by 'name'; allowed fields: " + SORT_FIELDS, reply.invalid("sort"));
    }

    @Test
    void aSortThatIsNotFieldColonDirectionIsRejected() {
        assertEquals("must match ^[\\w.]*((:asc)|(:desc))?$, for example createdAt:desc",
                server.get(JOBS + "?sort=createdAt:up").invalid("sort"));
        assertEquals("cannot sort by 'name'; allowed fields: " + SORT_FIELDS,
                server.rpc("listByOrganization", obj("organizationId", ORG, "sort", "name")).invalid("sort"));
    }

    @Test
    void aForgedCursorIsRejected() {
        assertEquals("is not a cursor of this listing: pass back nextCursor unchanged, with the same sort and filters",
                server.get(JOBS + "?cursor=abc.def").invalid("cursor"));
    }

    @Test
    void aRepeatedQueryParameterIsRejected() {
        assertEquals("must be given at most once", server.get(JOBS + "?limit=1&limit=2").invalid("limit"));
    }

    @Test
    void anInvalidOrganizationInThePathIsNamed() {
        assertEquals("must match ^[A-Za-z0-9_-]{3,128}$",
                server.get("/v1/organizations/ab/bulk-tasks").invalid("organizationId"));
        assertEquals("must match ^[A-Za-z0-9_-]{3,128}$",
                server.post("/v1/organizations/a%20b%20c/bulk-tasks", createB()).invalid("organizationId"));
    }

    // ---- 400 1001: malformed bodies ---------------------------------------------------------------

    @Test
    void invalidJsonNamesThePosition() {
        String message = (String) server.post(JOBS, "{\n  \"status\": }").fails(400, 1001).get("message");

        assertTrue(message.startsWith("invalid JSON at line 2, column 13: "), message);
    }

    @Test
    void aBodyThatIsNoObjectIsRejected() {
        for (String body : List.of("[1,2]", "\"text\"", "42", "null", "true")) {
            server.post(JOBS, body).fails(400, 1001, "the body must be a JSON object");
            server.post("/api", body).fails(400, 1001, "the body must be a JSON object");
        }
        server.post(JOBS, "").fails(400, 1001, "the body is empty: send a JSON object");
        server.post(JOBS, " \n ").fails(400, 1001, "the body is empty: send a JSON object");
    }

    @Test
    void aBodyThatIsNotUtf8IsRejectedAtTheByte() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        TestServer.Reply reply = server.send("POST", JOBS, body, "Content-Type", "application/json");

        reply.fails(400, 1001, "the body is not valid UTF-8 (at byte 6)");
    }

    @Test
    void trailingContentIsRejected() {
        String twoObjects = (String) server.post(JOBS, "{} {}").fails(400, 1001).get("message");
        String garbage = (String) server.post("/api", "{}x").fails(400, 1001).get("message");

        assertTrue(twoObjects.startsWith("invalid JSON at line 1, column ")
                && twoObjects.endsWith(": more content after the object"), twoObjects);
        assertTrue(garbage.startsWith("invalid JSON at line 1, column "), garbage);
    }

    @Test
    void duplicateKeysAreRejected() {
        String message = (String) server.post(JOBS, "{\"status\":\"pending\",\"status\":\"created\"}")
                .fails(400, 1001).get("message");

        assertTrue(message.startsWith("invalid JSON at line 1, column ") && message.contains("status"), message);
        assertEquals(0L, server.get(JOBS).num("data.totalDocs"));
    }

    @Test
    void nestingBeyondTheLimitIsRejected() {
        String deep = "{\"config\":" + "{\"a\":".repeat(100) + "1" + "}".repeat(100) + "}";

        String message = (String) server.post(JOBS, deep).fails(400, 1001).get("message");

        assertTrue(message.startsWith("invalid JSON at line 1, column "), message);
        assertTrue(message.contains("nesting depth"), message);
        assertTrue(!message.contains("`"), "no internal names: " + message);
    }

    @Test
    void anOverlongNumberIsRejectedWithItsPosition() {
        String message = (String) server.post(JOBS, "{\"report\":{\"numItems\":" + "9".repeat(150) + "}}")
                .fails(400, 1001).get("message");

        assertTrue(message.startsWith("invalid JSON at line 1, column "), message);
        assertTrue(!message.contains("`"), "no internal names: " + message);
    }

    // ---- 413, 415 ---------------------------------------------------------------------------------

    @Test
    void aBodyOverTheLimitIs413() {
        String big = pad(2000);

        TestServer.Reply reply = server.post(JOBS, big);

        reply.fails(413, 1003, "the body is larger than the limit of 1024 bytes");
        assertEquals(0L, server.get(JOBS).num("data.totalDocs"));
        server.post("/api", big).fails(413, 1003, "the body is larger than the limit of 1024 bytes");
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413BeforeAnyBodyIsSent() {
        // Only the head goes out: the answer must come without a byte of the promised 10 MB. (The JDK
        // server then still drains up to 64 KiB of an unread body before it closes the connection.)
        TestServer.Reply reply = server.headOnly("POST " + JOBS + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n");

        reply.fails(413, 1003, "the body is larger than the limit of 1024 bytes");
        assertEquals("close", reply.header("Connection"));
    }

    @Test
    void aStreamedBodyWithoutLengthOverTheLimitIs413() {
        byte[] big = pad(2000).getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(server.base.resolve(JOBS)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build();

        server.send(request).fails(413, 1003, "the body is larger than the limit of 1024 bytes");
    }

    @Test
    void aBodyAtTheLimitIsRead() {
        Map<String, Object> body = createB("summary", "");
        int padding = 1024 - jsonLength(body);
        body.put("summary", "s".repeat(padding));

        assertEquals(1024, jsonLength(body));
        server.post(JOBS, body).okB(201);
    }

    private static int jsonLength(Object body) {
        return JSON.std.asString(body).getBytes(StandardCharsets.UTF_8).length;
    }

    private static String pad(int bytes) {
        String head = "{\"summary\":\"";
        return head + "x".repeat(bytes - head.length() - 2) + "\"}";
    }

    @Test
    void aBodyWithoutJsonContentTypeIs415() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        server.send("POST", JOBS, body).fails(415, 1002, "Content-Type must be application/json");
        server.send("POST", JOBS, body, "Content-Type", "text/plain")
                .fails(415, 1002, "Content-Type must be application/json");
        server.send("POST", "/api", body, "Content-Type", "application/x-www-form-urlencoded")
                .fails(415, 1002, "Content-Type must be application/json");
        String id = newJob();
        server.send("PATCH", JOBS + "/" + id, body, "Content-Type", "text/json")
                .fails(415, 1002, "Content-Type must be application/json");
        server.send("POST", JOBS + "/" + id + "/chunks", body)
                .fails(415, 1002, "Content-Type must be application/json");
    }

    @Test
    void aJsonContentTypeWithParametersOrOtherCaseIsAccepted() {
        byte[] body = JSON.std.asString(createB()).getBytes(StandardCharsets.UTF_8);

        server.send("POST", JOBS, body, "Content-Type", "application/json; charset=utf-8").okB(201);
        server.send("POST", JOBS, body, "Content-Type", "Application/JSON").okB(201);
    }

    // ---- 409: transitions, final jobs, totals -----------------------------------------------------

    @Test
    void aTransitionNotAllowedNamesBothStatusesAndChangesNothing() {
        String id = newJob();
        Map<String, Object> before = server.itemOf(id);

        server.patch(JOBS + "/" + id, obj("status", "completed", "summary", "x"))
                .fails(409, 3004, "status cannot change from pending to completed");
        server.rpc("update", obj("organizationId", ORG, "id", id, "status", "completed"))
                .fails(409, 3004, "status cannot change from pending to completed");

        assertEquals(before, server.itemOf(id));
    }

    @Test
    void aFailedJobResumesOnlyThroughInProgress() {
        String id = newJob("status", "inProgress");
        server.patch(JOBS + "/" + id, obj("status", "failed")).okB(200);

        server.patch(JOBS + "/" + id, obj("status", "completed"))
                .fails(409, 3004, "status cannot change from failed to completed");
        Map<String, Object> resumed = server.patch(JOBS + "/" + id, obj("status", "inProgress")).okB(200);

        assertEquals(null, resumed.get("completedAt"), "resuming clears completedAt");
    }

    @Test
    void aFinalJobTakesNoChangeButCanBeReadListedAndDeleted() {
        String id = newJob("status", "inProgress");
        server.patch(JOBS + "/" + id, obj("status", "cancelled")).okB(200);
        Map<String, Object> before = server.itemOf(id);

        server.patch(JOBS + "/" + id, obj("summary", "late"))
                .fails(409, 3005, "the job is cancelled and takes no further change");
        server.patch(JOBS + "/" + id, obj("status", "inProgress"))
                .fails(409, 3005, "the job is cancelled and takes no further change");
        server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 0, "rows", 1))
                .fails(409, 3005, "the job is cancelled and takes no further change");
        server.rpc("recordChunk", obj("organizationId", ORG, "id", id, "chunkIndex", 0, "rows", 1))
                .fails(409, 3005, "the job is cancelled and takes no further change");

        assertEquals(before, server.itemOf(id));
        assertEquals(1L, server.get(JOBS + "?status=cancelled").num("data.totalDocs"));
        server.delete(JOBS + "/" + id).okB(200);
    }

    @Test
    void aChunkForAFailedJobIsAConflict() {
        String id = newJob("status", "inProgress");
        server.patch(JOBS + "/" + id, obj("status", "failed")).okB(200);
        Map<String, Object> before = server.itemOf(id);

        server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 0, "rows", 1)).fails(409, 3005,
                "the job has failed; set its status to inProgress to resume before recording chunks");

        assertEquals(before, server.itemOf(id));
    }

    @Test
    void aChunkPastTheTotalIsAConflictAndChangesNothing() {
        String id = newJob("report", obj("numItems", 10));
        server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 0, "rows", 6)).okB(200);
        Map<String, Object> before = server.itemOf(id);

        server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 1, "rows", 5, "errors",
                List.of(obj("line", 1, "message", "m")))).fails(409, 3005, "processedRows (11) would pass totalRows (10)");

        assertEquals(before, server.itemOf(id));
        assertEquals(true, server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 1, "rows", 4)).okB(200)
                .get("applied"), "the refused chunk was not recorded");
    }

    @Test
    void aCounterThatWouldOverflowIsAConflict() {
        String id = newJob();
        server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 0, "rows", Long.MAX_VALUE)).okB(200);

        server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 1, "rows", 1))
                .fails(409, 3005, "processedRows would overflow a 64-bit counter");
    }

    @Test
    void failedUpdatesChangeNothing() {
        String id = newJob("summary", "before");
        Map<String, Object> before = server.itemOf(id);

        server.patch(JOBS + "/" + id, obj("summary", "after", "report", obj("numItems", -1))).fails(400, 1000);
        server.patch(JOBS + "/" + id, obj("summary", "after", "bogus", 1)).fails(400, 1000);
        server.patch(JOBS + "/" + id, "{\"summary\":\"after\"").fails(400, 1001);
        server.patch(JOBS + "/" + id, obj("summary", "after"), "If-Match", "\"9\"").fails(412, 3002);
        server.rpc("update", obj("organizationId", ORG, "id", id, "summary", "after", "totalRows", "x"))
                .fails(400, 1000);
        server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 0, "rows", -1)).fails(400, 1000);
        server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 0, "rows", 1, "errors",
                List.of(obj("line", 1)))).fails(400, 1000);

        assertEquals(before, server.itemOf(id));
        assertEquals(true, server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 0, "rows", 1)).okB(200)
                .get("applied"), "no refused chunk was recorded");
    }

    // ---- 500 --------------------------------------------------------------------------------------

    @Test
    void anUnexpectedFailureIs500WithNothingMoreSaid() {
        server.store.close();

        TestServer.Reply b = server.get(JOBS);
        TestServer.Reply a = server.rpc("listByOrganization", obj("organizationId", ORG));
        TestServer.Reply health = server.get("/healthz");

        b.fails(500, 5000, "Internal error");
        assertEquals(Map.of("status", false, "error", Map.of("code", 5000, "message", "Internal error")), b.json());
        a.fails(500, 5000, "Internal error");
        assertEquals(Map.of("status", "error", "error", Map.of("code", 5000, "message", "Internal error")), a.json());
        assertEquals(503, health.status);
        assertEquals(Map.of("status", "unavailable"), health.json());
    }

    // ---- common headers ---------------------------------------------------------------------------

    @Test
    void aSaneRequestIdIsEchoed() {
        String id = newJob();
        String sane = "req-1234_abc.DEF:9";

        for (TestServer.Reply reply : List.of(server.get(JOBS, "X-Request-Id", sane),
                server.get(JOBS + "/" + id + "/errors.csv", "X-Request-Id", sane),
                server.get("/healthz", "X-Request-Id", sane),
                server.get("/nowhere", "X-Request-Id", sane),
                server.send("PUT", "/api", null, "X-Request-Id", sane),
                server.rpc("getById", obj("organizationId", ORG, "id", id), "X-Request-Id", sane),
                server.post(JOBS, "{", "X-Request-Id", sane),
                server.post(JOBS, pad(2000), "X-Request-Id", sane))) {
            assertEquals(sane, reply.header("X-Request-Id"), reply::toString);
        }
        String longest = "a".repeat(128);
        assertEquals(longest, server.get("/healthz", "X-Request-Id", longest).header("X-Request-Id"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"has spaces in it", "semi;colon", "quote\"d", "caf\u00e9", "<script>", "a/b", "x{1}"})
    void anInsaneRequestIdIsReplacedByAGeneratedOne(String insane) {
        TestServer.Reply reply = server.get(JOBS, "X-Request-Id", insane);

        assertTrue(reply.header("X-Request-Id").matches(UUID), reply::toString);
    }

    @Test
    void anOverlongRequestIdIsReplacedByAGeneratedOne() {
        String overlong = "a".repeat(300);

        TestServer.Reply reply = server.get("/healthz", "X-Request-Id", overlong);

        assertTrue(reply.header("X-Request-Id").matches(UUID), reply::toString);
        assertTrue(server.get("/healthz", "X-Request-Id", "a".repeat(129)).header("X-Request-Id").matches(UUID));
    }

    @Test
    void withoutARequestIdEachResponseGetsItsOwn() {
        String first = server.get("/healthz").header("X-Request-Id");
        String second = server.get("/healthz").header("X-Request-Id");

        assertTrue(first.matches(UUID), first);
        assertNotEquals(first, second);
    }

    /** Generated ids are random UUIDs, as {@code UUID.randomUUID} makes them: version 4, the IETF variant. */
    @Test
    void generatedRequestIdsAreDistinctVersion4Uuids() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RootHandler.newRequestId();
            assertTrue(id.matches(UUID), id);
            assertEquals(4, java.util.UUID.fromString(id).version(), id);
            assertEquals(2, java.util.UUID.fromString(id).variant(), id);
            ids.add(id);
        }
        assertEquals(10_000, ids.size());
    }

    @Test
    void everyKindOfAnswerCarriesTheCommonHeaders() {
        // TestServer.Reply checks X-Request-Id, Cache-Control: no-store and X-Content-Type-Options: nosniff
        // on every answer; this walks one of each kind through it.
        String id = newJob();
        // "/" redirects to the dashboard since it exists; "/nowhere" stands for the unknown route.
        List<TestServer.Reply> replies = List.of(server.get("/healthz"), server.get("/nowhere"), server.get(JOBS),
                server.post(JOBS, createB()), server.get(JOBS + "/" + id), server.get(JOBS + "/" + id + "/errors"),
                server.get(JOBS + "/" + id + "/errors.csv"), server.rpc("getById", obj("organizationId", ORG,
                        "id", id)), server.send("GET", "/api", null), server.post(JOBS, pad(2000)),
                server.send("POST", JOBS, new byte[] {1}), server.post(JOBS, "{"),
                server.get(JOBS + "/0123456789abcdef01234567"), server.get("/"), server.get("/dashboard/"),
                server.get("/dashboard/missing.js"));
        assertEquals(List.of(200, 404, 200, 201, 200, 200, 200, 200, 405, 413, 415, 400, 404, 302, 200, 404),
                replies.stream().map(r -> r.status).toList());
    }
}
