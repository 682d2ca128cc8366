package dev.importjobs.http;

import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.ORG;
import static dev.importjobs.http.TestServer.list;
import static dev.importjobs.http.TestServer.number;
import static dev.importjobs.http.TestServer.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-job line-error cap and the list preview over HTTP (docs/model.md#line-errors), with {@code maxErrorsPerJob} = 12
 * so both the cap and the 10-line list preview are reached.
 */
class LineErrorCapTest {
    static final int CAP = 12;

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.options().maxErrorsPerJob(CAP).start(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static List<Map<String, Object>> errors(int from, int count) {
        return IntStream.range(from, from + count).mapToObj(i -> obj("line", i, "message", "line " + i)).toList();
    }

    @Test
    void linesPastTheCapAreCountedNotKept() {
        String id = (String) server.newJobB().get("id");

        Map<String, Object> first = server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 0, "rows", 8,
                "errorCount", 8, "errors", errors(1, 8))).okB(200);
        Map<String, Object> second = server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 1, "rows", 8,
                "errorCount", 8, "errors", errors(9, 8))).okB(200);

        assertEquals(false, TestServer.at(first, "item.errorReportTruncated"));
        assertEquals(true, TestServer.at(second, "item.errorReportTruncated"));
        Map<String, Object> job = server.jobOf(id);
        assertEquals(16L, number(job.get("errorCount")), "counters still count");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L),
                list(job.get("errorReport")).stream().map(l -> number(l.get("line"))).toList(), "the first 12 kept");
        assertEquals(true, job.get("errorReportTruncated"));
        assertEquals(false, job.get("errorReportHasMore"), "a get carries every stored line");
        assertEquals(12L, server.get(JOBS + "/" + id + "/errors").num("data.totalDocs"));
        assertEquals(13, server.get(JOBS + "/" + id + "/errors.csv").text().split("\r\n").length);
    }

    @Test
    void listedJobsCarryTheFirstTenLinesAndSayThereAreMore() {
        String id = (String) server.newJobA("key-1", "errorReport", errors(1, 11)).get("id");

        Map<String, Object> listedA = TestServer.map(TestServer.at(
                server.rpc("listByOrganization", obj("organizationId", ORG)).okA(), "items[0]"));
        Map<String, Object> listedB = TestServer.map(TestServer.at(server.get(JOBS).okB(200), "items[0]"));

        assertEquals(errors(1, 10).stream().map(e -> obj("line", e.get("line"), "severity", "error",
                "message", e.get("message"))).toList(), listedA.get("errorReport"));
        assertEquals(true, listedA.get("errorReportHasMore"));
        assertEquals(false, listedA.get("errorReportTruncated"));
        assertEquals(10, list(TestServer.at(listedB, "report.erroredLines")).size());
        assertEquals(true, listedB.get("errorReportHasMore"));
        assertEquals(11, list(server.jobOf(id).get("errorReport")).size());
        assertEquals(false, server.jobOf(id).get("errorReportHasMore"));
    }

    @Test
    void aFullReplacementWithinTheCapClearsTheTruncation() {
        String id = (String) server.newJobA("key-1", "errorReport", errors(1, 15)).get("id");
        assertEquals(true, server.jobOf(id).get("errorReportTruncated"));

        Map<String, Object> replaced = server.rpc("update", obj("organizationId", ORG, "id", id,
                "errorReport", errors(100, 2))).okA();

        assertEquals(false, replaced.get("errorReportTruncated"));
        assertEquals(List.of(100L, 101L), list(replaced.get("errorReport")).stream()
                .map(l -> number(l.get("line"))).toList());
    }
}
