package dev.importjobs.http;

import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.ORG;
import static dev.importjobs.http.TestServer.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.importjobs.core.service.ImportJobs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stalled jobs over HTTP (docs/api.md, docs/model.md#stalled-jobs): the server-set {@code stalled} field in
 * both styles, the {@code stalled} filter of both listings, and a client sending back what it read.
 */
class StalledJobsTest {
    @TempDir
    Path dir;
    TestServer server;
    String quiet;
    String running;

    /** Three jobs in progress and one pending; the first two then go 16 minutes without a change. */
    @BeforeEach
    void start() {
        server = TestServer.start(dir);
        quiet = (String) server.newJobB("status", "inProgress", "file", obj("originalName", "a.csv")).get("id");
        String second = (String) server.newJobB("status", "inProgress", "file", obj("originalName", "b.csv"))
                .get("id");
        server.newJobB("file", obj("originalName", "c.csv"));
        server.clock.advance(ImportJobs.DEFAULT_STALL_AFTER.plusMinutes(1));
        running = (String) server.newJobB("status", "inProgress", "file", obj("originalName", "d.csv")).get("id");
        assertNotNull(second);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private List<String> files(Map<String, Object> page) {
        List<String> files = new ArrayList<>();
        for (Map<String, Object> item : TestServer.list(page.get("items"))) {
            Object file = item.containsKey("file") ? TestServer.map(item.get("file")).get("originalName")
                    : item.get("fileName");
            files.add((String) file);
        }
        return files;
    }

    @Test
    void bothStylesShowWhetherAJobIsStalled() {
        assertEquals(true, server.itemOf(quiet).get("stalled"));
        assertEquals(true, server.jobOf(quiet).get("stalled"));
        assertEquals(false, server.itemOf(running).get("stalled"));
        assertEquals(false, server.jobOf(running).get("stalled"));

        Map<String, Object> chunk = server.post(JOBS + "/" + quiet + "/chunks", obj("chunkIndex", 0, "rows", 5))
                .okB(200);

        assertEquals(false, TestServer.map(chunk.get("item")).get("stalled"), "a chunk is a change");
        assertEquals(false, server.jobOf(quiet).get("stalled"));
    }

    @Test
    void bothListingsFilterByStalled() {
        Map<String, Object> stalledB = server.get(JOBS + "?stalled=true&sort=fileName").okB(200);
        Map<String, Object> othersB = server.get(JOBS + "?stalled=false&sort=fileName").okB(200);
        Map<String, Object> stalledA = server.rpc("listByOrganization", obj("organizationId", ORG, "stalled", true,
                "sort", "fileName")).okA();
        Map<String, Object> othersA = server.rpc("listByOrganization", obj("organizationId", ORG, "stalled", false,
                "sort", "fileName", "status", "inProgress")).okA();

        assertEquals(List.of("a.csv", "b.csv"), files(stalledB));
        assertEquals(2L, TestServer.number(stalledB.get("totalDocs")));
        assertEquals(List.of("c.csv", "d.csv"), files(othersB));
        assertEquals(2L, TestServer.number(othersB.get("totalDocs")));
        assertEquals(List.of("a.csv", "b.csv"), files(stalledA));
        assertEquals(List.of("d.csv"), files(othersA));
        assertEquals(1L, TestServer.number(othersA.get("totalDocs")));
    }

    @Test
    void aStalledWalksCursorWorksInTheOtherStyleOnlyWithTheSameFilter() {
        Map<String, Object> first = server.get(JOBS + "?stalled=true&sort=fileName&limit=1").okB(200);
        String cursor = (String) first.get("nextCursor");

        Map<String, Object> next = server.rpc("listByOrganization", obj("organizationId", ORG, "stalled", true,
                "sort", "fileName", "pageSize", 1, "cursor", cursor)).okA();

        assertEquals(List.of("b.csv"), files(next));
        server.get(JOBS + "?sort=fileName&limit=1&cursor=" + cursor).invalid("cursor");
        server.get(JOBS + "?stalled=false&sort=fileName&limit=1&cursor=" + cursor).invalid("cursor");
    }

    @Test
    void aStalledFilterOtherThanTrueOrFalseIsNamed() {
        assertEquals("must be true or false", server.get(JOBS + "?stalled=yes").invalid("stalled"));
        assertEquals("must be true or false", server.get(JOBS + "?stalled=TRUE").invalid("stalled"));
        assertEquals("must be true or false", server.rpc("listByOrganization", obj("organizationId", ORG,
                "stalled", "true")).invalid("stalled"));
        assertEquals("must be true or false", server.rpc("listByOrganization", obj("organizationId", ORG,
                "stalled", 1)).invalid("stalled"));
        assertEquals(4L, TestServer.number(server.get(JOBS + "?stalled=").okB(200).get("totalDocs")),
                "empty means no filter, as for the other parameters");
    }

    @Test
    void aClientSendingBackWhatItReadIsNotRefusedAndDoesNotSetStalled() {
        Map<String, Object> item = server.itemOf(quiet);
        item.put("summary", "halfway");
        item.put("stalled", false);

        Map<String, Object> patched = server.patch(JOBS + "/" + quiet, item).okB(200);

        assertEquals("halfway", patched.get("summary"));
        assertEquals(true, patched.get("stalled"), "the echoed updatedAt is kept, so the job is as stalled as before");
        Map<String, Object> moved = server.patch(JOBS + "/" + quiet, obj("summary", "moving", "stalled", true))
                .okB(200);
        assertEquals(false, moved.get("stalled"), "a change stamps updatedAt; the client's stalled counts for nothing");
        assertEquals("is not a known field", server.rpc("update", obj("organizationId", ORG, "id", quiet,
                "stalled", false)).invalid("stalled"), "style A's data takes none of the server's fields");
    }
}
