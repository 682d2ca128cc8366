package dev.importjobs.http;

import static dev.importjobs.http.TestServer.ORG;
import static dev.importjobs.http.TestServer.createA;
import static dev.importjobs.http.TestServer.list;
import static dev.importjobs.http.TestServer.number;
import static dev.importjobs.http.TestServer.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Style A, {@code POST /api} (docs/api.md#style-a--rpc): every apiName, replays, versions and the failure envelope. */
class RpcApiTest {
    /** 2024-01-01T00:00:00Z in epoch milliseconds. */
    static final long START_MILLIS = 1_704_067_200_000L;
    static final Set<String> JOB_FIELDS = Set.of("id", "organizationId", "createdByStackUserId", "importScope",
            "status", "fileName", "idempotencyKey", "workflowId", "config", "totalRows", "processedRows",
            "successCount", "insertCount", "updateCount", "skipCount", "warningCount", "errorCount",
            "lastProcessedChunkIndex", "summary", "error", "errorReport", "errorReportTruncated",
            "errorReportHasMore", "startedAt", "completedAt", "createdAt", "updatedAt", "version");
    static final Set<String> PAGE_FIELDS = Set.of("items", "totalDocs", "limit", "page", "totalPages",
            "pagingCounter", "hasPrevPage", "hasNextPage", "prevPage", "nextPage", "nextCursor");

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

    @Test
    void createAnswersTheJobInStyleAsNames() {
        TestServer.Reply reply = server.rpc("create", createA("key-1", "importScope", "import-inventory-items",
                "workflowId", "wf-1", "config", obj("override", true), "totalRows", 100, "summary", "nightly"));

        Map<String, Object> job = reply.okA();
        assertEquals(JOB_FIELDS, job.keySet());
        String id = (String) job.get("id");
        assertTrue(id.matches("[0-9a-f]{24}"), id);
        assertEquals(Long.toHexString(START_MILLIS / 1000), id.substring(0, 8), "ids start with the creation second");
        assertEquals(ORG, job.get("organizationId"));
        assertEquals("user_1", job.get("createdByStackUserId"));
        assertEquals("import-inventory-items", job.get("importScope"));
        assertEquals("pending", job.get("status"));
        assertEquals("items.csv", job.get("fileName"));
        assertEquals("key-1", job.get("idempotencyKey"));
        assertEquals("wf-1", job.get("workflowId"));
        assertEquals(Map.of("override", true), job.get("config"));
        assertEquals(100L, number(job.get("totalRows")));
        for (String counter : List.of("processedRows", "successCount", "insertCount", "updateCount", "skipCount",
                "warningCount", "errorCount")) {
            assertEquals(0L, number(job.get(counter)), counter);
        }
        assertNull(job.get("lastProcessedChunkIndex"));
        assertEquals("nightly", job.get("summary"));
        assertNull(job.get("error"));
        assertEquals(List.of(), job.get("errorReport"));
        assertEquals(false, job.get("errorReportTruncated"));
        assertEquals(false, job.get("errorReportHasMore"));
        assertNull(job.get("startedAt"));
        assertNull(job.get("completedAt"));
        assertEquals(START_MILLIS, number(job.get("createdAt")));
        assertEquals(START_MILLIS, number(job.get("updatedAt")));
        assertEquals(1L, number(job.get("version")));
        assertNull(reply.header("Idempotent-Replayed"), "a first create is no replay");
    }

    @Test
    void createReadsTheStatusForgivinglyAndStampsStartedAt() {
        Map<String, Object> job = server.newJobA("key-1", "status", "ACTIVE");

        assertEquals("inProgress", job.get("status"));
        assertEquals(START_MILLIS, number(job.get("startedAt")));
        assertEquals("created", server.newJobA("key-2", "status", "CREATED").get("status"));
        assertEquals("inProgress", server.newJobA("key-3", "status", "in_progress").get("status"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCreateWithoutStatusReportsItTogetherWithTheOtherMissingFields() {
        Map<String, Object> error = server.rpc("create", TestServer.obj("organizationId", TestServer.ORG,
                "idempotencyKey", "k-missing")).fails(400, 1000);
        var fields = ((List<Map<String, Object>>) error.get("details")).stream().map(d -> d.get("field")).toList();
        assertEquals(List.of("createdByStackUserId", "fileName", "status"), fields);
    }

    @Test
    void getByIdAnswersTheStoredJob() {
        Map<String, Object> created = server.newJobA("key-1");

        Map<String, Object> read = server.rpc("getById", obj("organizationId", ORG, "id", created.get("id"))).okA();

        assertEquals(created, read);
    }

    @Test
    void listByOrganizationAnswersAPage() {
        Map<String, Object> first = server.newJobA("key-1");
        server.clock.advance(Duration.ofSeconds(1));
        Map<String, Object> second = server.newJobA("key-2");
        server.newJobA("key-3", "organizationId", "org_other");

        Map<String, Object> page = server.rpc("listByOrganization", obj("organizationId", ORG)).okA();

        assertEquals(PAGE_FIELDS, page.keySet());
        assertEquals(List.of(second.get("id"), first.get("id")),
                list(page.get("items")).stream().map(j -> j.get("id")).toList(), "newest first by default");
        assertEquals(JOB_FIELDS, list(page.get("items")).get(0).keySet());
        assertEquals(2L, number(page.get("totalDocs")));
        assertEquals(10L, number(page.get("limit")));
        assertEquals(1L, number(page.get("page")));
        assertEquals(1L, number(page.get("totalPages")));
        assertEquals(1L, number(page.get("pagingCounter")));
        assertEquals(false, page.get("hasPrevPage"));
        assertEquals(false, page.get("hasNextPage"));
        assertNull(page.get("prevPage"));
        assertNull(page.get("nextPage"));
        assertNull(page.get("nextCursor"));
    }

    @Test
    void listByOrganizationTakesPageSizeSortAndFilters() {
        server.newJobA("key-1", "importScope", "import-mdm-users");
        server.clock.advance(Duration.ofSeconds(1));
        Map<String, Object> wanted = server.newJobA("key-2", "importScope", "import-inventory-items",
                "status", "created");
        server.clock.advance(Duration.ofSeconds(1));
        server.newJobA("key-3", "importScope", "import-inventory-items", "createdByStackUserId", "user_2");

        Map<String, Object> page = server.rpc("listByOrganization", obj("organizationId", ORG, "page", 1,
                "pageSize", 1, "sort", "createdAt:asc", "status", "created,pending", "importScope",
                "import-inventory-items", "createdBy", "user_1")).okA();

        assertEquals(1L, number(page.get("totalDocs")));
        assertEquals(1L, number(page.get("limit")));
        assertEquals(wanted.get("id"), TestServer.at(page, "items[0].id"));
    }

    @Test
    void updateChangesOnlyTheGivenFieldsAndCountsAVersion() {
        Map<String, Object> created = server.newJobA("key-1", "summary", "kept", "workflowId", "wf-1");
        server.clock.advance(Duration.ofSeconds(5));

        Map<String, Object> updated = server.rpc("update", obj("organizationId", ORG, "id", created.get("id"),
                "status", "IN_PROGRESS", "processedRows", 10, "workflowId", null, "expectedVersion", 1)).okA();

        assertEquals("inProgress", updated.get("status"));
        assertEquals(10L, number(updated.get("processedRows")));
        assertEquals("kept", updated.get("summary"), "absent fields are left unchanged");
        assertEquals("wf-1", updated.get("workflowId"), "null fields are left unchanged");
        assertEquals(2L, number(updated.get("version")));
        assertEquals(START_MILLIS + 5000, number(updated.get("updatedAt")));
        assertEquals(START_MILLIS + 5000, number(updated.get("startedAt")));
        assertEquals(START_MILLIS, number(updated.get("createdAt")));
        assertEquals(updated, server.jobOf((String) created.get("id")));
    }

    @Test
    void updateWithAnotherExpectedVersionIsAConflictAndChangesNothing() {
        Map<String, Object> created = server.newJobA("key-1");

        server.rpc("update", obj("organizationId", ORG, "id", created.get("id"), "summary", "x",
                "expectedVersion", 7)).fails(409, 3002, "expected version 7 but the job is at version 1");

        assertEquals(created, server.jobOf((String) created.get("id")));
    }

    @Test
    void deleteAnswersTheIdAndTheJobIsGone() {
        Map<String, Object> created = server.newJobA("key-1");
        Map<String, Object> ref = obj("organizationId", ORG, "id", created.get("id"));

        Map<String, Object> deleted = server.rpc("delete", ref).okA();

        assertEquals(obj("id", created.get("id"), "deleted", true), deleted);
        server.rpc("getById", ref).fails(404, 3001, "Entity not found");
        server.rpc("delete", ref).fails(404, 3001, "Entity not found");
    }

    @Test
    void recordChunkAppliesOnceAndAnswersTheJob() {
        Map<String, Object> created = server.newJobA("key-1", "totalRows", 10);
        Map<String, Object> chunk = obj("organizationId", ORG, "id", created.get("id"), "chunkIndex", 0, "rows", 4,
                "successCount", 3, "errorCount", 1, "errors", List.of(obj("line", 2, "message", "bad sku",
                        "column", "sku", "code", "E_SKU", "value", "x-1")));

        Map<String, Object> first = server.rpc("recordChunk", chunk).okA();
        Map<String, Object> retry = server.rpc("recordChunk", chunk).okA();

        assertEquals(Set.of("applied", "job"), first.keySet());
        assertEquals(true, first.get("applied"));
        Object job = first.get("job");
        assertEquals("inProgress", TestServer.at(job, "status"));
        assertEquals(4L, number(TestServer.at(job, "processedRows")));
        assertEquals(3L, number(TestServer.at(job, "successCount")));
        assertEquals(1L, number(TestServer.at(job, "errorCount")));
        assertEquals(0L, number(TestServer.at(job, "lastProcessedChunkIndex")));
        assertEquals(List.of(obj("line", 2, "severity", "error", "column", "sku", "code", "E_SKU",
                "message", "bad sku", "value", "x-1")), TestServer.at(job, "errorReport"));
        assertEquals(false, retry.get("applied"));
        assertEquals(job, retry.get("job"), "a retry changes nothing");
    }

    @Test
    void listErrorsPagesTheLineErrors() {
        Map<String, Object> created = server.newJobA("key-1", "errorReport", List.of(
                obj("line", 1, "message", "one"), obj("line", 2, "severity", "warning", "message", "two"),
                obj("line", 3, "message", "three")));

        Map<String, Object> page = server.rpc("listErrors", obj("organizationId", ORG, "id", created.get("id"),
                "page", 2, "pageSize", 1, "severity", "error")).okA();

        assertEquals(PAGE_FIELDS, page.keySet());
        assertEquals(List.of(obj("line", 3, "severity", "error", "message", "three")), page.get("items"));
        assertEquals(2L, number(page.get("totalDocs")));
        assertEquals(2L, number(page.get("page")));
        assertEquals(2L, number(page.get("totalPages")));
        assertEquals(1L, number(page.get("prevPage")));
        assertNull(page.get("nextPage"));
    }

    @Test
    void aRepeatedCreateIsAReplayOfTheFirst() {
        Map<String, Object> first = server.newJobA("key-1", "totalRows", 5);
        // The same request, fields in another order, status spelled otherwise.
        Map<String, Object> again = obj("idempotencyKey", "key-1", "totalRows", 5, "status", "PENDING",
                "fileName", "items.csv", "createdByStackUserId", "user_1", "organizationId", ORG);

        TestServer.Reply replay = server.rpc("create", again);

        assertEquals(first, replay.okA());
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals(1L, server.rpc("listByOrganization", obj("organizationId", ORG)).num("data.totalDocs"));
    }

    @Test
    void aReusedKeyWithOtherContentIsAConflictAndMakesNothing() {
        Map<String, Object> first = server.newJobA("key-1");

        Map<String, Object> error = server.rpc("create", createA("key-1", "fileName", "other.csv")).fails(409, 3003);

        assertEquals("idempotency key 'key-1' was already used to create job " + first.get("id")
                + " with different content", error.get("message"));
        assertEquals(1L, server.rpc("listByOrganization", obj("organizationId", ORG)).num("data.totalDocs"));
        assertEquals(first, server.jobOf((String) first.get("id")));
    }

    @Test
    void createRequiresAStatus() {
        assertEquals("is required", server.rpc("create", obj("organizationId", ORG)).invalid("status"));
    }

    @Test
    void createRequiresAnIdempotencyKeyAndTheSeedsRequiredFieldsReportedTogether() {
        Map<String, Object> error = server.rpc("create", obj("organizationId", ORG, "status", "pending"))
                .fails(400, 1000);

        List<String> fields = TestServer.Reply.details(error).stream().map(d -> (String) d.get("field")).toList();
        assertEquals(Set.of("createdByStackUserId", "fileName", "idempotencyKey"), Set.copyOf(fields));
        assertEquals("3 fields are invalid: " + String.join(", ", fields), error.get("message"));
        assertEquals(0L, server.rpc("listByOrganization", obj("organizationId", ORG)).num("data.totalDocs"));
    }

    @Test
    void wrongTypesAndRuleViolationsNameTheFieldTheSameWay() {
        assertEquals("must be an integer", server.rpc("create", createA("key-1", "totalRows", "ten"))
                .invalid("totalRows"));
        assertEquals("must be >= 0", server.rpc("create", createA("key-1", "totalRows", -1)).invalid("totalRows"));
        assertEquals("must be a string", server.rpc("create", createA("key-1", "fileName", 5)).invalid("fileName"));
        assertEquals("is required", server.rpc("create", createA("key-1", "fileName", null)).invalid("fileName"));
    }

    @Test
    void anUnknownNamespaceIsAValidationError() {
        TestServer.Reply reply = server.post("/api", obj("namespace", "serviceOther", "apiName", "create",
                "data", createA("key-1")));

        assertEquals("namespace: must be serviceImportJobs", reply.fails(400, 1000).get("message"));
        assertEquals("error", reply.json().get("status"));
        assertEquals(List.of(obj("field", "namespace", "message", "must be serviceImportJobs")),
                reply.at("error.details"));
    }

    @Test
    void anUnknownApiNameIsAValidationErrorListingTheKnownOnes() {
        TestServer.Reply reply = server.rpc("getAll", obj("organizationId", ORG));

        assertEquals("must be one of create, getById, listByOrganization, update, delete, recordChunk, listErrors",
                reply.invalid("apiName"));
    }

    @Test
    void missingOrNonObjectDataIsAValidationError() {
        assertEquals("is required", server.post("/api", obj("namespace", "serviceImportJobs", "apiName",
                "getById")).invalid("data"));
        assertEquals("must be an object", server.post("/api", obj("namespace", "serviceImportJobs", "apiName",
                "getById", "data", List.of())).invalid("data"));
        assertEquals("is required", server.rpc("getById", obj("id", "0123456789abcdef01234567"))
                .invalid("organizationId"));
        assertEquals("is required", server.rpc("getById", obj("organizationId", ORG)).invalid("id"));
    }

    @Test
    void anUnknownEnvelopeFieldIsNamed() {
        TestServer.Reply reply = server.post("/api", obj("namespace", "serviceImportJobs", "apiName",
                "listByOrganization", "data", obj("organizationId", ORG), "apiname", "x"));

        assertEquals("is not a known field; did you mean 'apiName'?", reply.invalid("apiname"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PUT", "PATCH", "DELETE"})
    void onlyPostIsAllowed(String method) {
        TestServer.Reply reply = server.send(method, "/api", null);

        reply.fails(405, 1005, "Method not allowed");
        assertEquals("error", reply.json().get("status"));
        assertEquals("POST", reply.header("Allow"));
    }

    @Test
    void anotherOrganizationsJobIsNotFound() {
        Map<String, Object> created = server.newJobA("key-1");

        server.rpc("getById", obj("organizationId", "org_other", "id", created.get("id")))
                .fails(404, 3001, "Entity not found");
        server.rpc("update", obj("organizationId", "org_other", "id", created.get("id"), "summary", "x"))
                .fails(404, 3001, "Entity not found");
        server.rpc("delete", obj("organizationId", "org_other", "id", created.get("id")))
                .fails(404, 3001, "Entity not found");
        assertEquals(created, server.jobOf((String) created.get("id")));
    }
}
