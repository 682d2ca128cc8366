package dev.importjobs.http;

import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.ORG;
import static dev.importjobs.http.TestServer.createB;
import static dev.importjobs.http.TestServer.list;
import static dev.importjobs.http.TestServer.number;
import static dev.importjobs.http.TestServer.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Style B, {@code /v1/organizations/{org}/bulk-tasks} (docs/api.md#style-b--rest): every route, its headers and answers. */
class RestApiTest {
    static final Set<String> ITEM_FIELDS = Set.of("id", "organizationId", "status", "config", "file", "action",
            "report", "error", "createdBy", "idempotencyKey", "workflowId", "summary", "lastProcessedChunkIndex",
            "errorReportTruncated", "errorReportHasMore", "startedAt", "completedAt", "createdAt", "updatedAt",
            "version");
    static final Set<String> FILE_FIELDS = Set.of("originalName", "mimetype", "size", "bucket", "key", "location",
            "region", "storageProviderId", "checksum");
    static final Set<String> REPORT_FIELDS = Set.of("numItems", "numProcessed", "numSuccesses", "numInserts",
            "numUpdates", "numSkips", "numWarnings", "numErrors", "erroredLines", "skippedLines", "warnedLines");
    static final Set<String> CREATED_BY_FIELDS = Set.of("id", "email", "firstName", "lastName", "fullName",
            "picture");
    static final String T0 = "2024-01-01T00:00:00.000Z";

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String id(Map<String, Object> item) {
        return (String) item.get("id");
    }

    @Test
    void createAnswers201WithLocationETagAndTheItem() {
        Map<String, Object> file = obj("originalName", "items.csv", "mimetype", "text/csv", "size", 2048,
                "bucket", "uploads", "key", "a/b.csv", "location", "s3://uploads/a/b.csv", "region", "eu-west-1",
                "storageProviderId", "s3", "checksum", "sha256:00");
        Map<String, Object> by = obj("id", "507f1f77bcf86cd799439023", "email", "jd@example.com", "firstName",
                "John", "lastName", "Doe", "fullName", "John Doe", "picture", "https://example.com/p.jpg");

        TestServer.Reply reply = server.post(JOBS, obj("file", file, "createdBy", by, "action",
                "import-inventory-items", "config", obj("override", true, "nested", obj("a", List.of(1, 2))),
                "report", obj("numItems", 100), "workflowId", "wf-1", "summary", "s"));

        Map<String, Object> item = reply.okB(201);
        assertEquals(ITEM_FIELDS, item.keySet());
        assertEquals(JOBS + "/" + id(item), reply.header("Location"));
        assertEquals("\"1\"", reply.header("ETag"));
        assertNull(reply.header("Idempotent-Replayed"));
        assertEquals(ORG, item.get("organizationId"));
        assertEquals("pending", item.get("status"), "status defaults to pending");
        assertEquals(file, item.get("file"));
        assertEquals(by, item.get("createdBy"));
        assertEquals("import-inventory-items", item.get("action"));
        assertEquals(obj("override", true, "nested", obj("a", List.of(1, 2))), item.get("config"));
        assertEquals(obj("numItems", 100, "numProcessed", 0, "numSuccesses", 0, "numInserts", 0, "numUpdates", 0,
                "numSkips", 0, "numWarnings", 0, "numErrors", 0, "erroredLines", List.of(), "skippedLines", List.of(),
                "warnedLines", List.of()), item.get("report"));
        assertEquals(REPORT_FIELDS, ((Map<?, ?>) item.get("report")).keySet());
        assertNull(item.get("error"));
        assertNull(item.get("idempotencyKey"));
        assertEquals("wf-1", item.get("workflowId"));
        assertEquals("s", item.get("summary"));
        assertNull(item.get("lastProcessedChunkIndex"));
        assertEquals(false, item.get("errorReportTruncated"));
        assertNull(item.get("startedAt"));
        assertNull(item.get("completedAt"));
        assertEquals(T0, item.get("createdAt"));
        assertEquals(T0, item.get("updatedAt"));
        assertEquals(1L, number(item.get("version")));
        assertEquals(item, server.itemOf(id(item)));
    }

    @Test
    void createNeedsTheFileNameAndTheCreator() {
        TestServer.Reply reply = server.post(JOBS, obj("status", "created"));

        Map<String, Object> error = reply.fails(400, 1000, "2 fields are invalid: createdBy.id, file.originalName");
        assertEquals(List.of(obj("field", "createdBy.id", "message", "is required"),
                obj("field", "file.originalName", "message", "is required")), error.get("details"));
        assertEquals(false, reply.json().get("status"));
    }

    @Test
    void createWithTheSameIdempotencyKeyHeaderIsAReplay() {
        TestServer.Reply first = server.post(JOBS, createB(), "Idempotency-Key", "k-1");
        TestServer.Reply again = server.post(JOBS, createB(), "Idempotency-Key", "k-1");
        TestServer.Reply inBody = server.post(JOBS, createB("idempotencyKey", "k-1"));

        Map<String, Object> item = first.okB(201);
        assertEquals("k-1", item.get("idempotencyKey"));
        assertEquals(item, again.okB(200));
        assertEquals("true", again.header("Idempotent-Replayed"));
        assertEquals("\"1\"", again.header("ETag"));
        assertEquals(item, inBody.okB(200), "the header and the body key are one key");
        assertEquals("true", inBody.header("Idempotent-Replayed"));
        assertEquals(1L, server.get(JOBS).num("data.totalDocs"));
    }

    @Test
    void aReusedKeyWithOtherContentIsAConflict() {
        Map<String, Object> item = server.post(JOBS, createB(), "Idempotency-Key", "k-1").okB(201);

        server.post(JOBS, createB("action", "other"), "Idempotency-Key", "k-1").fails(409, 3003);

        assertEquals(1L, server.get(JOBS).num("data.totalDocs"));
        assertEquals(item, server.itemOf(id(item)));
    }

    @Test
    void aHeaderKeyThatDiffersFromTheBodyKeyIsRejected() {
        TestServer.Reply reply = server.post(JOBS, createB("idempotencyKey", "k-body"), "Idempotency-Key", "k-head");

        assertEquals("differs from the Idempotency-Key header", reply.invalid("idempotencyKey"));
        assertEquals(0L, server.get(JOBS).num("data.totalDocs"));
    }

    @Test
    void createWithoutAKeyAlwaysMakesANewJob() {
        String first = id(server.newJobB());
        String second = id(server.newJobB());

        assertNotEquals(first, second);
        assertEquals(2L, server.get(JOBS).num("data.totalDocs"));
    }

    @Test
    void anIdOrAnotherOrganizationInTheBodyIsRejected() {
        assertEquals("is set by the server", server.post(JOBS, createB("id", "0123456789abcdef01234567"))
                .invalid("id"));
        assertEquals("must match the organization in the path", server.post(JOBS,
                createB("organizationId", "org_999")).invalid("organizationId"));
    }

    @Test
    void getAnswersTheItemWithItsVersionAsETag() {
        Map<String, Object> item = server.newJobB();

        TestServer.Reply reply = server.get(JOBS + "/" + id(item));

        assertEquals(item, reply.okB(200));
        assertEquals("\"1\"", reply.header("ETag"));
    }

    @Test
    void patchWithAMatchingIfMatchUpdatesAndAnswersTheNewETag() {
        Map<String, Object> item = server.newJobB();
        server.clock.advance(Duration.ofMillis(1500));

        TestServer.Reply reply = server.patch(JOBS + "/" + id(item), obj("status", "inProgress", "summary", "go"),
                "If-Match", "\"1\"");

        Map<String, Object> patched = reply.okB(200);
        assertEquals("\"2\"", reply.header("ETag"));
        assertEquals("inProgress", patched.get("status"));
        assertEquals("go", patched.get("summary"));
        assertEquals(2L, number(patched.get("version")));
        assertEquals("2024-01-01T00:00:01.500Z", patched.get("startedAt"));
        assertEquals("2024-01-01T00:00:01.500Z", patched.get("updatedAt"));
        assertEquals(T0, patched.get("createdAt"));
        assertEquals("\"2\"", server.get(JOBS + "/" + id(item)).header("ETag"));
        TestServer.Reply weak = server.patch(JOBS + "/" + id(item), obj("summary", "weak"), "If-Match", "W/\"2\"");
        assertEquals(3L, number(weak.okB(200).get("version")), "a weak ETag matches too");
    }

    @Test
    void patchWithAStaleIfMatchIs412AndChangesNothing() {
        Map<String, Object> item = server.newJobB();
        Map<String, Object> current = server.patch(JOBS + "/" + id(item), obj("summary", "one")).okB(200);

        TestServer.Reply reply = server.patch(JOBS + "/" + id(item), obj("summary", "two"), "If-Match", "\"1\"");

        reply.fails(412, 3002, "expected version 1 but the job is at version 2");
        assertEquals(current, server.itemOf(id(item)));
    }

    @Test
    void anIfMatchThatIsNoETagOfThisApiIsRejected() {
        Map<String, Object> item = server.newJobB();

        assertEquals("must be an ETag of this API, for example \"3\"",
                server.patch(JOBS + "/" + id(item), obj("summary", "x"), "If-Match", "\"abc\"").invalid("If-Match"));
        assertEquals(item, server.itemOf(id(item)));
    }

    @Test
    void patchMergesTheReportFieldByField() {
        Map<String, Object> item = server.newJobB("report", obj("numItems", 100, "numProcessed", 10,
                "numSuccesses", 9, "numErrors", 1));

        Map<String, Object> patched = server.patch(JOBS + "/" + id(item), obj("report", obj("numProcessed", 20,
                "numSuccesses", 19))).okB(200);

        assertEquals(obj("numItems", 100, "numProcessed", 20, "numSuccesses", 19, "numInserts", 0, "numUpdates", 0,
                "numSkips", 0, "numWarnings", 0, "numErrors", 1, "erroredLines", List.of(), "skippedLines", List.of(),
                "warnedLines", List.of()), patched.get("report"));
    }

    @Test
    void patchOfErroredLinesReplacesOnlyTheErrors() {
        Map<String, Object> item = server.newJobB("report", obj(
                "erroredLines", List.of(obj("line", 1, "reason", "old error")),
                "skippedLines", List.of(obj("line", 2)),
                "warnedLines", List.of(obj("line", 3, "reason", "a warning", "column", "qty"))));

        Map<String, Object> patched = server.patch(JOBS + "/" + id(item), obj("report", obj("erroredLines",
                List.of(obj("line", 7, "reason", "new error", "code", "E7", "value", "x"))))).okB(200);

        assertEquals(List.of(obj("line", 7, "reason", "new error", "code", "E7", "value", "x")),
                TestServer.at(patched, "report.erroredLines"));
        assertEquals(List.of(obj("line", 2, "reason", "skipped")), TestServer.at(patched, "report.skippedLines"));
        assertEquals(List.of(obj("line", 3, "reason", "a warning", "column", "qty")),
                TestServer.at(patched, "report.warnedLines"));
    }

    @Test
    void patchMergesFileAndCreatedByFieldByField() {
        Map<String, Object> item = server.newJobB("file", obj("originalName", "a.csv", "size", 10),
                "createdBy", obj("id", "u1", "email", "u1@example.com"));

        Map<String, Object> patched = server.patch(JOBS + "/" + id(item), obj("file", obj("bucket", "b"),
                "createdBy", obj("fullName", "U One"))).okB(200);

        assertEquals("a.csv", TestServer.at(patched, "file.originalName"));
        assertEquals(10L, number(TestServer.at(patched, "file.size")));
        assertEquals("b", TestServer.at(patched, "file.bucket"));
        assertEquals("u1", TestServer.at(patched, "createdBy.id"));
        assertEquals("u1@example.com", TestServer.at(patched, "createdBy.email"));
        assertEquals("U One", TestServer.at(patched, "createdBy.fullName"));
    }

    @Test
    void whatYouGetYouMayPatchBack() {
        Map<String, Object> item = server.newJobB("report", obj("numItems", 5, "erroredLines",
                List.of(obj("line", 1, "reason", "bad"))), "config", obj("k", "v"));

        Map<String, Object> patched = server.patch(JOBS + "/" + id(item), item).okB(200);

        // The line lists sent back count as a replacement (a store cannot compare them cheaply), so the
        // version may move; no field does.
        Map<String, Object> expected = new HashMap<>(item);
        expected.put("version", patched.get("version"));
        assertEquals(expected, patched, "sending an item back changes none of its fields");
        assertEquals(patched, server.itemOf(id(item)));
    }

    @Test
    void theStatusLifecycleStampsItsTimes() {
        String id = id(server.newJobB());
        server.clock.advance(Duration.ofSeconds(1));
        assertNull(server.patch(JOBS + "/" + id, obj("status", "created")).okB(200).get("startedAt"));
        server.clock.advance(Duration.ofSeconds(1));
        Map<String, Object> started = server.patch(JOBS + "/" + id, obj("status", "IN-PROGRESS")).okB(200);
        server.clock.advance(Duration.ofSeconds(1));
        Map<String, Object> failed = server.patch(JOBS + "/" + id, obj("status", "failed", "error", "disk full"))
                .okB(200);
        server.clock.advance(Duration.ofSeconds(1));
        Map<String, Object> resumed = server.patch(JOBS + "/" + id, obj("status", "inProgress")).okB(200);
        server.clock.advance(Duration.ofSeconds(1));
        Map<String, Object> completed = server.patch(JOBS + "/" + id, obj("status", "completed")).okB(200);

        assertEquals("2024-01-01T00:00:02.000Z", started.get("startedAt"));
        assertNull(started.get("completedAt"));
        assertEquals("2024-01-01T00:00:03.000Z", failed.get("completedAt"));
        assertEquals("disk full", failed.get("error"));
        assertEquals("2024-01-01T00:00:02.000Z", resumed.get("startedAt"), "a resume keeps the first start");
        assertNull(resumed.get("completedAt"), "a resume clears completedAt");
        assertEquals("2024-01-01T00:00:05.000Z", completed.get("completedAt"));
        assertEquals("2024-01-01T00:00:05.000Z", completed.get("updatedAt"));
        assertEquals(6L, number(completed.get("version")));
    }

    @Test
    void aSuppliedTimeIsKeptInsteadOfTheServersOwn() {
        String id = id(server.newJobB());
        server.clock.advance(Duration.ofHours(1));

        Map<String, Object> patched = server.patch(JOBS + "/" + id, obj("status", "inProgress",
                "startedAt", "2023-12-31T23:00:00.000Z")).okB(200);

        assertEquals("2023-12-31T23:00:00.000Z", patched.get("startedAt"));
        assertEquals("2024-01-01T01:00:00.000Z", patched.get("updatedAt"));
    }

    @Test
    void listFiltersByCreatorActionAndStatus() {
        server.newJobB("createdBy", obj("id", "alice"), "action", "import-inventory-items");
        server.clock.advance(Duration.ofSeconds(1));
        String wanted = id(server.newJobB("createdBy", obj("id", "bob"), "action", "import-inventory-items",
                "status", "created"));
        server.clock.advance(Duration.ofSeconds(1));
        server.newJobB("createdBy", obj("id", "bob"), "action", "import-mdm-users", "status", "created");
        server.newJobB("createdBy", obj("id", "bob"), "action", "import-inventory-items");

        Map<String, Object> page = server.get(JOBS + "?createdBy=bob&action=import-inventory-items&status=created")
                .okB(200);

        assertEquals(List.of(wanted), list(page.get("items")).stream().map(i -> i.get("id")).toList());
        assertEquals(1L, number(page.get("totalDocs")));
        assertEquals(3L, server.get(JOBS + "?createdBy=bob").num("data.totalDocs"));
        assertEquals(2L, server.get(JOBS + "?status=created").num("data.totalDocs"));
    }

    @Test
    void anotherOrganizationsJobIsNotFound() {
        String id = id(server.newJobB());
        String elsewhere = "/v1/organizations/org_other/bulk-tasks/" + id;

        server.get(elsewhere).fails(404, 3001, "Entity not found");
        server.patch(elsewhere, obj("summary", "x")).fails(404, 3001, "Entity not found");
        server.post(elsewhere + "/chunks", obj("chunkIndex", 0, "rows", 1)).fails(404, 3001, "Entity not found");
        server.get(elsewhere + "/errors").fails(404, 3001, "Entity not found");
        server.get(elsewhere + "/errors.csv").fails(404, 3001, "Entity not found");
        server.delete(elsewhere).fails(404, 3001, "Entity not found");
        assertEquals(1L, number(server.itemOf(id).get("version")));
    }

    @Test
    void deleteAnswersTheIdAndTheJobIsGone() {
        Map<String, Object> item = server.newJobB();

        Map<String, Object> deleted = server.delete(JOBS + "/" + id(item)).okB(200);

        assertEquals(obj("id", id(item), "deleted", true), deleted);
        server.get(JOBS + "/" + id(item)).fails(404, 3001, "Entity not found");
        server.delete(JOBS + "/" + id(item)).fails(404, 3001, "Entity not found");
        assertEquals(0L, server.get(JOBS).num("data.totalDocs"));
    }

    @Test
    void aChunkIsAppliedOnceAndItsRetryIsNot() {
        Map<String, Object> item = server.newJobB("report", obj("numItems", 10));
        server.clock.advance(Duration.ofSeconds(2));
        Map<String, Object> chunk = obj("chunkIndex", 0, "rows", 5, "successCount", 3, "insertCount", 2,
                "updateCount", 1, "skipCount", 1, "warningCount", 1, "errorCount", 1, "errors", List.of(
                        obj("line", 4, "message", "bad qty", "column", "qty"),
                        obj("line", 5, "severity", "warning", "message", "odd"),
                        obj("line", 6, "severity", "skip", "message", "blank")));

        Map<String, Object> first = server.post(JOBS + "/" + id(item) + "/chunks", chunk).okB(200);
        Map<String, Object> retry = server.post(JOBS + "/" + id(item) + "/chunks", chunk).okB(200);

        assertEquals(Set.of("applied", "item"), first.keySet());
        assertEquals(true, first.get("applied"));
        Object applied = first.get("item");
        assertEquals("inProgress", TestServer.at(applied, "status"));
        assertEquals("2024-01-01T00:00:02.000Z", TestServer.at(applied, "startedAt"));
        assertEquals(obj("numItems", 10, "numProcessed", 5, "numSuccesses", 3, "numInserts", 2, "numUpdates", 1,
                "numSkips", 1, "numWarnings", 1, "numErrors", 1,
                "erroredLines", List.of(obj("line", 4, "reason", "bad qty", "column", "qty")),
                "skippedLines", List.of(obj("line", 6, "reason", "blank")),
                "warnedLines", List.of(obj("line", 5, "reason", "odd"))), TestServer.at(applied, "report"));
        assertEquals(0L, number(TestServer.at(applied, "lastProcessedChunkIndex")));
        assertEquals(2L, number(TestServer.at(applied, "version")));
        assertEquals(false, retry.get("applied"));
        assertEquals(applied, retry.get("item"));
    }

    @Test
    void lineErrorsArePagedAndFilteredBySeverity() {
        Map<String, Object> item = server.newJobB("report", obj(
                "erroredLines", List.of(obj("line", 1, "reason", "e1"), obj("line", 2, "reason", "e2"),
                        obj("line", 3, "reason", "e3", "column", "c", "code", "X", "value", "v")),
                "warnedLines", List.of(obj("line", 4, "reason", "w1"))));

        Map<String, Object> page = server.get(JOBS + "/" + id(item) + "/errors?page=2&limit=2&severity=error")
                .okB(200);
        Map<String, Object> all = server.get(JOBS + "/" + id(item) + "/errors").okB(200);

        assertEquals(List.of(obj("line", 3, "severity", "error", "column", "c", "code", "X", "message", "e3",
                "value", "v")), page.get("items"));
        assertEquals(3L, number(page.get("totalDocs")));
        assertEquals(2L, number(page.get("limit")));
        assertEquals(2L, number(page.get("page")));
        assertEquals(2L, number(page.get("totalPages")));
        assertEquals(3L, number(page.get("pagingCounter")));
        assertEquals(true, page.get("hasPrevPage"));
        assertEquals(false, page.get("hasNextPage"));
        assertEquals(1L, number(page.get("prevPage")));
        assertNull(page.get("nextPage"));
        assertEquals(4L, number(all.get("totalDocs")));
        assertEquals(List.of(1L, 2L, 3L, 4L), list(all.get("items")).stream().map(l -> number(l.get("line"))).toList());
        assertEquals("warning", TestServer.at(all, "items[3].severity"));
        server.get(JOBS + "/0123456789abcdef01234567/errors").fails(404, 3001, "Entity not found");
    }

    @Test
    void lineErrorsDownloadAsRfc4180Csv() {
        String tricky = "has, comma \"quote\"\nand newline";
        Map<String, Object> item = server.newJobB("report", obj(
                "erroredLines", List.of(obj("line", 1, "reason", "plain", "column", "sku", "code", "E1", "value", "v"),
                        obj("line", 2, "reason", tricky, "value", "a,b")),
                "skippedLines", List.of(obj("line", 4)),
                "warnedLines", List.of(obj("line", 3, "reason", "caf\u00e9 \u2603"))));

        TestServer.Reply csv = server.get(JOBS + "/" + id(item) + "/errors.csv");

        assertEquals(200, csv.status, csv::toString);
        assertEquals("text/csv; charset=utf-8", csv.header("Content-Type"));
        assertEquals("attachment; filename=\"" + id(item) + "-errors.csv\"", csv.header("Content-Disposition"));
        assertEquals("line,severity,column,code,message,value\r\n"
                + "1,error,sku,E1,plain,v\r\n"
                + "2,error,,,\"has, comma \"\"quote\"\"\nand newline\",\"a,b\"\r\n"
                + "4,skip,,,skipped,\r\n"
                + "3,warning,,,caf\u00e9 \u2603,\r\n", new String(csv.bytes, StandardCharsets.UTF_8));
        assertEquals("line,severity,column,code,message,value\r\n4,skip,,,skipped,\r\n",
                server.get(JOBS + "/" + id(item) + "/errors.csv?severity=skip").text());
    }

    @Test
    void aJobWithoutLineErrorsDownloadsTheHeaderOnly() {
        Map<String, Object> item = server.newJobB();

        TestServer.Reply csv = server.get(JOBS + "/" + id(item) + "/errors.csv");

        assertEquals(200, csv.status);
        assertEquals("line,severity,column,code,message,value\r\n", csv.text());
    }

    @Test
    void theCsvOfAMissingJobIsAJsonNotFoundNotADownload() {
        TestServer.Reply reply = server.get(JOBS + "/0123456789abcdef01234567/errors.csv");

        reply.fails(404, 3001, "Entity not found");
        assertNull(reply.header("Content-Disposition"), "an error envelope is not an attachment");
    }

    @Test
    void theCsvOfAnIdWithLineBreaksOrQuotesIsNotFound() {
        server.get(JOBS + "/a%0D%0AX-Evil:%201/errors.csv").fails(404, 3001, "Entity not found");
        server.get(JOBS + "/a%22b/errors.csv").fails(404, 3001, "Entity not found");
    }

    @Test
    void healthzAnswersOk() {
        TestServer.Reply reply = server.get("/healthz");

        assertEquals(200, reply.status);
        assertEquals(Map.of("status", "ok"), reply.json());
    }

    @ParameterizedTest
    @CsvSource({
        "/nowhere", "/index.html", "/v1", "/v1/organizations", "/v1/organizations/org_123",
        "/v1/organizations/org_123/tasks",
        "/v1/organizations/org_123/bulk-tasks/0123456789abcdef01234567/other",
        "/v1/organizations/org_123/bulk-tasks/0123456789abcdef01234567/chunks/1", "/v2/organizations/org_123/bulk-tasks",
        "/api/", "/API", "/healthz/x", "/favicon.ico"})
    void anUnknownRouteIs404(String path) {
        TestServer.Reply reply = server.get(path);

        reply.fails(404, 1004, "Route not found");
        assertEquals(false, reply.json().get("status"), "only /api itself is style A");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PUT    | /v1/organizations/org_123/bulk-tasks                                       | GET, POST",
        "DELETE | /v1/organizations/org_123/bulk-tasks                                       | GET, POST",
        "PATCH  | /v1/organizations/org_123/bulk-tasks                                       | GET, POST",
        "POST   | /v1/organizations/org_123/bulk-tasks/0123456789abcdef01234567              | GET, PATCH, DELETE",
        "PUT    | /v1/organizations/org_123/bulk-tasks/0123456789abcdef01234567              | GET, PATCH, DELETE",
        "GET    | /v1/organizations/org_123/bulk-tasks/0123456789abcdef01234567/chunks       | POST",
        "PATCH  | /v1/organizations/org_123/bulk-tasks/0123456789abcdef01234567/chunks       | POST",
        "POST   | /v1/organizations/org_123/bulk-tasks/0123456789abcdef01234567/errors       | GET",
        "DELETE | /v1/organizations/org_123/bulk-tasks/0123456789abcdef01234567/errors.csv   | GET",
        "POST   | /healthz                                                                   | GET, HEAD",
        "GET    | /api                                                                       | POST"})
    void aMethodARouteDoesNotServeIs405WithAllow(String method, String path, String allow) {
        TestServer.Reply reply = server.send(method, path, null);

        reply.fails(405, 1005, "Method not allowed");
        assertEquals(allow, reply.header("Allow"));
    }

    /** The JDK server logs a WARNING for every HEAD answer that announces a body length; ours announce none. */
    @Test
    void aHeadRequestGets405WithAllowAndNoBodySoTheJdkServerHasNothingToWarnAbout() {
        java.util.logging.Logger jdkServer = java.util.logging.Logger.getLogger("com.sun.net.httpserver");
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    warnings.add(String.valueOf(record.getMessage()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jdkServer.addHandler(capture);
        try {
            TestServer.Reply reply = server.send("HEAD", TestServer.JOBS, null);

            assertEquals(405, reply.status);
            assertEquals("GET, POST", reply.header("Allow"));
            assertEquals("", reply.text());
        } finally {
            jdkServer.removeHandler(capture);
        }
        assertEquals(List.of(), warnings);
    }
}
