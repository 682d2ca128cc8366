package dev.importjobs.http;

import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.ORG;
import static dev.importjobs.http.TestServer.createA;
import static dev.importjobs.http.TestServer.createB;
import static dev.importjobs.http.TestServer.list;
import static dev.importjobs.http.TestServer.number;
import static dev.importjobs.http.TestServer.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One job, two views (docs/model.md#the-job): what one style writes the other reads, updates, chunks and lists,
 * with each style's field names, and times as epoch milliseconds in A and ISO-8601 in B.
 */
class CrossStyleTest {
    static final Instant T = Instant.parse("2024-03-05T06:07:08.009Z");
    static final long T_MILLIS = T.toEpochMilli();

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir);
        server.clock.set(T);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyStyleAFieldIsReadUnderItsStyleBName() {
        Map<String, Object> job = server.newJobA("key-1", "createdByStackUserId", "user_9",
                "importScope", "import-mdm-users", "status", "inProgress", "fileName", "users.csv",
                "workflowId", "wf-9", "config", obj("dryRun", false), "totalRows", 50, "processedRows", 20,
                "successCount", 15, "insertCount", 10, "updateCount", 5, "skipCount", 2, "warningCount", 1,
                "errorCount", 2, "lastProcessedChunkIndex", 3, "summary", "half", "error", "none yet",
                "errorReport", List.of(obj("line", 4, "message", "bad email", "column", "email", "code", "E_MAIL",
                        "value", "x@"), obj("line", 5, "severity", "skip", "message", "empty row"),
                        obj("line", 6, "severity", "warning", "message", "trimmed")),
                "startedAt", T_MILLIS - 60_000, "createdAt", T_MILLIS - 120_000);

        Map<String, Object> item = server.itemOf((String) job.get("id"));

        assertEquals(job.get("id"), item.get("id"));
        assertEquals(ORG, item.get("organizationId"));
        assertEquals("user_9", TestServer.at(item, "createdBy.id"));
        assertEquals("import-mdm-users", item.get("action"));
        assertEquals("inProgress", item.get("status"));
        assertEquals("users.csv", TestServer.at(item, "file.originalName"));
        assertEquals("key-1", item.get("idempotencyKey"));
        assertEquals("wf-9", item.get("workflowId"));
        assertEquals(obj("dryRun", false), item.get("config"));
        assertEquals(obj("numItems", 50, "numProcessed", 20, "numSuccesses", 15, "numInserts", 10, "numUpdates", 5,
                "numSkips", 2, "numWarnings", 1, "numErrors", 2,
                "erroredLines", List.of(obj("line", 4, "reason", "bad email", "column", "email", "code", "E_MAIL",
                        "value", "x@")),
                "skippedLines", List.of(obj("line", 5, "reason", "empty row")),
                "warnedLines", List.of(obj("line", 6, "reason", "trimmed"))), item.get("report"));
        assertEquals(3L, number(item.get("lastProcessedChunkIndex")));
        assertEquals("half", item.get("summary"));
        assertEquals("none yet", item.get("error"));
        assertEquals("2024-03-05T06:06:08.009Z", item.get("startedAt"));
        assertEquals(null, item.get("completedAt"));
        assertEquals("2024-03-05T06:05:08.009Z", item.get("createdAt"));
        assertEquals("2024-03-05T06:07:08.009Z", item.get("updatedAt"));
        assertEquals(T_MILLIS, number(job.get("updatedAt")));
        assertEquals(1L, number(item.get("version")));
    }

    @Test
    void everyStyleBFieldIsReadUnderItsStyleAName() {
        Map<String, Object> item = server.newJobB("status", "created", "action", "import-inventory-items",
                "file", obj("originalName", "stock.csv", "size", 10),
                "createdBy", obj("id", "u-7", "email", "u7@example.com"), "workflowId", "wf-7",
                "config", obj("a", obj("b", List.of("c"))), "summary", "s", "error", "e",
                "report", obj("numItems", 9, "numProcessed", 3, "numSuccesses", 3, "numInserts", 1, "numUpdates", 2,
                        "numSkips", 0, "numWarnings", 1, "numErrors", 0,
                        "warnedLines", List.of(obj("line", 2, "reason", "w", "value", "v"))),
                "createdAt", "2024-03-05T07:07:08.009+01:00");

        Map<String, Object> job = server.jobOf((String) item.get("id"));

        assertEquals(item.get("id"), job.get("id"));
        assertEquals(ORG, job.get("organizationId"));
        assertEquals("u-7", job.get("createdByStackUserId"));
        assertEquals("import-inventory-items", job.get("importScope"));
        assertEquals("created", job.get("status"));
        assertEquals("stock.csv", job.get("fileName"));
        assertEquals(null, job.get("idempotencyKey"));
        assertEquals("wf-7", job.get("workflowId"));
        assertEquals(obj("a", obj("b", List.of("c"))), job.get("config"));
        assertEquals(9L, number(job.get("totalRows")));
        assertEquals(3L, number(job.get("processedRows")));
        assertEquals(3L, number(job.get("successCount")));
        assertEquals(1L, number(job.get("insertCount")));
        assertEquals(2L, number(job.get("updateCount")));
        assertEquals(0L, number(job.get("skipCount")));
        assertEquals(1L, number(job.get("warningCount")));
        assertEquals(0L, number(job.get("errorCount")));
        assertEquals("s", job.get("summary"));
        assertEquals("e", job.get("error"));
        assertEquals(List.of(obj("line", 2, "severity", "warning", "message", "w", "value", "v")),
                job.get("errorReport"));
        assertEquals(T_MILLIS, number(job.get("createdAt")), "the same instant, given with an offset");
        assertEquals("2024-03-05T06:07:08.009Z", item.get("createdAt"));
        assertEquals(T_MILLIS, number(job.get("updatedAt")));
        assertEquals(null, job.get("startedAt"));
        assertEquals(1L, number(job.get("version")));
    }

    @Test
    void aStyleAJobIsUpdatedChunkedAndListedInStyleB() {
        String id = (String) server.newJobA("key-1", "totalRows", 10).get("id");
        server.clock.advance(Duration.ofMillis(1));

        Map<String, Object> patched = server.patch(JOBS + "/" + id, obj("summary", "from B", "report",
                obj("numItems", 12)), "If-Match", "\"1\"").okB(200);
        server.clock.advance(Duration.ofMillis(1));
        Map<String, Object> chunked = server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 0, "rows", 12,
                "successCount", 12)).okB(200);
        Map<String, Object> page = server.get(JOBS + "?status=inProgress").okB(200);

        assertEquals(12L, number(TestServer.at(patched, "report.numItems")));
        assertEquals("2024-03-05T06:07:08.010Z", patched.get("updatedAt"));
        assertEquals(true, chunked.get("applied"));
        assertEquals(List.of(id), list(page.get("items")).stream().map(i -> i.get("id")).toList());
        Map<String, Object> job = server.jobOf(id);
        assertEquals("from B", job.get("summary"));
        assertEquals("inProgress", job.get("status"));
        assertEquals(12L, number(job.get("totalRows")));
        assertEquals(12L, number(job.get("processedRows")));
        assertEquals(0L, number(job.get("lastProcessedChunkIndex")));
        assertEquals(T_MILLIS + 2, number(job.get("startedAt")));
        assertEquals(T_MILLIS + 2, number(job.get("updatedAt")));
        assertEquals(3L, number(job.get("version")));
        assertEquals(job, TestServer.at(server.rpc("listByOrganization", obj("organizationId", ORG)).okA(),
                "items[0]"));
    }

    @Test
    void aStyleBJobIsUpdatedChunkedAndListedInStyleA() {
        String id = (String) server.newJobB("status", "created").get("id");
        server.clock.advance(Duration.ofSeconds(1));

        Map<String, Object> updated = server.rpc("update", obj("organizationId", ORG, "id", id, "importScope",
                "import-mdm-users", "totalRows", 4, "expectedVersion", 1)).okA();
        Map<String, Object> chunk = server.rpc("recordChunk", obj("organizationId", ORG, "id", id, "chunkIndex", 0,
                "rows", 4, "errorCount", 1, "errors", List.of(obj("line", 3, "message", "bad")))).okA();
        Map<String, Object> page = server.rpc("listByOrganization", obj("organizationId", ORG,
                "importScope", "import-mdm-users")).okA();

        assertEquals("import-mdm-users", updated.get("importScope"));
        assertEquals(true, chunk.get("applied"));
        assertEquals(1L, number(page.get("totalDocs")));
        Map<String, Object> item = server.itemOf(id);
        assertEquals("import-mdm-users", item.get("action"));
        assertEquals("inProgress", item.get("status"));
        assertEquals(4L, number(TestServer.at(item, "report.numItems")));
        assertEquals(4L, number(TestServer.at(item, "report.numProcessed")));
        assertEquals(List.of(obj("line", 3, "reason", "bad")), TestServer.at(item, "report.erroredLines"));
        assertEquals("2024-03-05T06:07:09.009Z", item.get("startedAt"));
        assertEquals(3L, number(item.get("version")));
        assertEquals(item, TestServer.at(server.get(JOBS + "?action=import-mdm-users").okB(200), "items[0]"));
    }

    @Test
    void aCreateIsReplayedAcrossStyles() {
        Map<String, Object> job = server.rpc("create", createA("key-1", "importScope", "import-mdm-users")).okA();

        TestServer.Reply replay = server.post(JOBS, createB("action", "import-mdm-users"),
                "Idempotency-Key", "key-1");

        assertEquals(200, replay.status, replay::toString);
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals(job.get("id"), replay.okB(200).get("id"));
        server.post(JOBS, createB(), "Idempotency-Key", "key-1").fails(409, 3003);
        assertEquals(1L, server.get(JOBS).num("data.totalDocs"));
    }

    @Test
    void aJobIsDeletedThroughTheOtherStyle() {
        String id = (String) server.newJobA("key-1").get("id");

        server.delete(JOBS + "/" + id).okB(200);

        server.rpc("getById", obj("organizationId", ORG, "id", id)).fails(404, 3001, "Entity not found");
    }
}
