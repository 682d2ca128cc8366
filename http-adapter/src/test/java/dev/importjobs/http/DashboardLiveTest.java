package dev.importjobs.http;

import static dev.importjobs.http.Browser.text;
import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.ORG;
import static dev.importjobs.http.TestServer.createB;
import static dev.importjobs.http.TestServer.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.importjobs.core.auth.Principal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import tools.jackson.jr.ob.JSON;

/**
 * The dashboard's live side (docs/dashboard.md#live-updates) against event streams the test writes byte by
 * byte ({@link EventsProxy}), to reach what the server's own streams rarely do: rows change in place, the
 * parser takes any split and CRLF, a drop resumes with Last-Event-ID, {@code reload} refetches, the token
 * goes along.
 */
class DashboardLiveTest {
    @RegisterExtension
    static final Browser BROWSER = new Browser();
    static final Predicate<String> PAGE_LOAD = r -> r.startsWith("GET /v1/organizations/" + ORG + "/bulk-tasks?")
            && r.contains("limit=20");

    @TempDir
    Path dir;
    TestServer server;
    EventsProxy proxy;

    @AfterEach
    void stop() {
        proxy.close();
        server.close();
    }

    private void start(TestServer.Options options) {
        BROWSER.reset();
        server = options.start(dir);
        proxy = new EventsProxy(server.base);
    }

    private static String event(String type, String id, Object data) {
        return "event: " + type + "\nid: " + id + "\ndata: " + JSON.std.asString(data) + "\n\n";
    }

    private static String progress(String id) {
        return BROWSER.one("tr[data-job-id='" + id + "'] progress").getDomAttribute("value");
    }

    @Test
    void rowsChangeInPlaceAndADroppedStreamResumes() {
        start(TestServer.options());
        String id = (String) server.post(JOBS, createB("file", obj("originalName", "items.csv"),
                "report", obj("numItems", 1000))).okB(201).get("id");

        BROWSER.driver().get(proxy.base() + "/dashboard/?org=" + ORG);
        EventsProxy.Stream stream = proxy.awaitStream();
        assertEquals("/v1/organizations/" + ORG + "/bulk-tasks/events", stream.path);
        assertEquals("text/event-stream", stream.requestHeaders.getFirst("Accept"));
        assertNull(stream.requestHeaders.getFirst("Last-Event-ID"));
        BROWSER.awaitFiles("the job", List.of("items.csv"));
        BROWSER.await("the live note", d -> BROWSER.one("#live").getText().equals("Live"));
        long pageLoads = proxy.count(PAGE_LOAD);

        stream.send("retry: 200\n: connected\n\n");
        Map<?, ?> item = (Map<?, ?>) server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 0, "rows", 400,
                "successCount", 400)).okB(200).get("item");
        String json = JSON.std.asString(item);
        stream.send("event: job\r\nid: 1\r\ndata: " + json.substring(0, 40));
        stream.send(json.substring(40) + "\r\n\r");
        stream.send("\n");
        BROWSER.await("the bar at 400", d -> "400".equals(progress(id)));

        server.clock.advance(Duration.ofSeconds(1));
        Map<String, Object> created = server.newJobB("file", obj("originalName", "new.csv"));
        stream.send(event("job", "2", created) + ": heartbeat\n\n");
        BROWSER.awaitFiles("the new job on top", List.of("new.csv", "items.csv"));
        stream.send(event("deleted", "3", Map.of("id", id)));
        BROWSER.awaitFiles("the deleted job gone", List.of("new.csv"));
        assertEquals(pageLoads, proxy.count(PAGE_LOAD), "no page was fetched again: the rows changed in place");

        stream.close();
        EventsProxy.Stream again = proxy.awaitStream();
        assertEquals("3", again.requestHeaders.getFirst("Last-Event-ID"), "the stream resumes after the last event");
        again.send("event: reload\ndata: {}\n\n");
        BROWSER.awaitFiles("the page as the server has it", List.of("new.csv", "items.csv"));
        assertEquals(pageLoads + 1, proxy.count(PAGE_LOAD));
    }

    @Test
    void aJobPageFollowsItsOwnStreamWithTheToken() {
        start(TestServer.options().verifier(token -> Optional.ofNullable(Map.of("reader-token",
                new Principal("reader", Set.of(ORG), Set.of("base.bulk.management.list", "base.bulk.management.read")))
                .get(token))));
        String id = (String) server.newJobB("file", obj("originalName", "items.csv")).get("id");
        BROWSER.driver().get(proxy.base() + "/dashboard/?org=" + ORG + "&job=" + id);
        assertNull(proxy.awaitStream().requestHeaders.getFirst("Authorization"));

        BROWSER.one("#token-toggle").click();
        BROWSER.one("#token-input").sendKeys("reader-token", Keys.ENTER);
        EventsProxy.Stream stream = proxy.awaitStream();
        assertEquals("/v1/organizations/" + ORG + "/bulk-tasks/" + id + "/events", stream.path);
        assertEquals("Bearer reader-token", stream.requestHeaders.getFirst("Authorization"));
        BROWSER.await("the job", d -> text(BROWSER.one("h1")).equals("items.csv"));

        server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 0, "rows", 10, "errorCount", 1,
                "errors", List.of(obj("line", 3, "message", "bad sku")))).okB(200);
        Map<String, Object> failed = server.patch(JOBS + "/" + id, obj("status", "failed", "error", "ERP unreachable"))
                .okB(200);
        stream.send(event("job", "7", failed));
        BROWSER.await("the failed job", d -> text(BROWSER.one(".job-head .badge")).equals("Failed"));
        assertEquals("ErrorERP unreachable", text(BROWSER.one(".job-error .callout")));
        BROWSER.await("its new line error", d -> BROWSER.all("#errors tbody tr").size() == 1);
        assertEquals("bad sku", text(BROWSER.one("#errors td.message")));

        stream.send(event("deleted", "8", Map.of("id", id)));
        BROWSER.await("the deletion", d -> BROWSER.driver().findElement(By.cssSelector("main .problem")).getText()
                .contains("This job was deleted."));
    }
}
