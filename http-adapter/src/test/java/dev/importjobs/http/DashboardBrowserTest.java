package dev.importjobs.http;

import static dev.importjobs.http.Browser.text;
import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.ORG;
import static dev.importjobs.http.TestServer.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.auth.Principal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real browser against a real server (docs/dashboard.md): jobs appear, filter, sort and
 * page; a job opens with its errors paged; cancel and resume only with the update permission; progress
 * moves when a chunk is posted, through the server's event stream, and by polling against a server without
 * one.
 */
class DashboardBrowserTest {
    @RegisterExtension
    static final Browser BROWSER = new Browser();

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void blankPage() {
        BROWSER.reset();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer start() {
        server = TestServer.start(dir);
        return server;
    }

    private void open(String query) {
        BROWSER.driver().get(server.base + "/dashboard/" + query);
    }

    /** Creates a job a second after the previous one, so the default order (newest first) is known. */
    private String job(String fileName, Object... extra) {
        server.clock.advance(Duration.ofSeconds(1));
        Map<String, Object> body = TestServer.createB("file", obj("originalName", fileName));
        body.putAll(obj(extra));
        return (String) server.post(JOBS, body).okB(201).get("id");
    }

    private void setStatus(String id, String status) {
        server.patch(JOBS + "/" + id, obj("status", status)).okB(200);
    }

    private static WebElement row(String id) {
        return BROWSER.one("tr[data-job-id='" + id + "']");
    }

    private static String cell(String id, String column) {
        return text(row(id).findElement(By.cssSelector("td[data-col=" + column + "]")));
    }

    private static void click(String css) {
        BROWSER.one(css).click();
    }

    private static void acceptConfirmation() {
        BROWSER.await("a confirmation", ExpectedConditions.alertIsPresent()).accept();
    }

    @Test
    void jobsAppearAsTextWithTheirFiguresAndThePageBreaksNoPolicy() {
        start();
        String pending = job("users.csv", "action", "import-users");
        String tricky = job("<img src=x onerror=alert(1)>.csv", "action", "<b>bold</b>");
        String running = job("items.csv", "report", obj("numItems", 1000), "createdBy",
                obj("id", "user_42", "fullName", "Ana Lima"));
        server.post(JOBS + "/" + running + "/chunks", obj("chunkIndex", 0, "rows", 250, "successCount", 240,
                "warningCount", 7, "errorCount", 3)).okB(200);

        open("?org=" + ORG);

        BROWSER.awaitFiles("newest first", List.of("items.csv", "<img src=x onerror=alert(1)>.csv", "users.csv"));
        assertTrue(BROWSER.all("tbody img").isEmpty(), "a file name is text, not markup");
        assertEquals("<b>bold</b>", cell(tricky, "action"));
        assertEquals("Pending", cell(pending, "status"));
        assertEquals("Running", cell(running, "status"));
        assertEquals("Ana Lima", cell(running, "createdBy"));
        assertEquals("240", cell(running, "success"));
        assertEquals("7", cell(running, "warnings"));
        assertEquals("3", cell(running, "errors"));
        WebElement bar = row(running).findElement(By.tagName("progress"));
        assertEquals("250", bar.getDomAttribute("value"));
        assertEquals("1000", bar.getDomAttribute("max"));
        assertEquals("250 / 1,000 · 25%", cell(running, "progress"));
        assertEquals("0", row(pending).findElement(By.tagName("progress")).getDomAttribute("value"),
                "an unstarted job of unknown size shows an empty bar, not a moving one");
        BROWSER.await("the status counts", d -> text(BROWSER.one("button[data-status=inProgress] .stat-count")).equals("1"));
        assertEquals("2", text(BROWSER.one("button[data-status=pending] .stat-count")));
        assertEquals("1–3 of 3", text(BROWSER.one(".pager .range")));
        assertEquals("descending", BROWSER.one("th[data-sort=createdAt]").getDomAttribute("aria-sort"));
        BROWSER.await("the live note", d -> BROWSER.one("#live").getText().equals("Live"));
        assertTrue(BROWSER.one("#who").getText().contains("can cancel and resume"));

        row(running).findElement(By.cssSelector("td[data-col=file] a")).click();
        BROWSER.await("the job page", d -> text(BROWSER.one("h1")).equals("items.csv"));
        BROWSER.await("its counters", d -> text(BROWSER.one("[data-counter=numProcessed] dd")).equals("250"));

        BROWSER.await("the job page live", d -> BROWSER.one("#live").getText().equals("Live"));

        List<String> problems = new ArrayList<>();
        for (LogEntry entry : BROWSER.console()) {
            if (entry.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()
                    || entry.getMessage().contains("Content Security Policy")) {
                problems.add(entry.getLevel() + " " + entry.getMessage());
            }
        }
        assertEquals(List.of(), problems, "the console stays clean");
    }

    @Test
    void statusActionAndCreatorFilterAndHeadersSort() {
        start();
        job("b.csv", "action", "import-items");
        String a = job("a.csv", "action", "import-users", "createdBy", obj("id", "user_9"));
        String c = job("c.csv", "action", "import-items");
        setStatus(a, "failed");
        setStatus(c, "inProgress");

        open("?org=" + ORG);
        BROWSER.awaitFiles("newest first", List.of("c.csv", "a.csv", "b.csv"));

        click("button[data-status=failed]");
        BROWSER.awaitFiles("failed only", List.of("a.csv"));
        assertEquals("true", BROWSER.one("button[data-status=failed]").getDomAttribute("aria-pressed"));
        assertTrue(BROWSER.driver().getCurrentUrl().contains("status=failed"));
        click("button[data-status=pending]");
        BROWSER.awaitFiles("failed or pending", List.of("a.csv", "b.csv"));
        click("button[data-status=failed]");
        BROWSER.awaitFiles("pending only", List.of("b.csv"));
        click(".filters button.ghost");
        BROWSER.awaitFiles("no filter", List.of("c.csv", "a.csv", "b.csv"));

        BROWSER.one("#filter-action").sendKeys("import-items", Keys.ENTER);
        BROWSER.awaitFiles("one action", List.of("c.csv", "b.csv"));
        BROWSER.one("#filter-action").clear();
        BROWSER.one("#filter-created-by").sendKeys("user_9", Keys.ENTER);
        BROWSER.awaitFiles("one creator", List.of("a.csv"));
        assertTrue(BROWSER.driver().getCurrentUrl().contains("createdBy=user_9"));
        click(".filters button.ghost");
        BROWSER.awaitFiles("no filter again", List.of("c.csv", "a.csv", "b.csv"));

        click("th[data-sort=fileName] button");
        BROWSER.awaitFiles("by file, ascending", List.of("a.csv", "b.csv", "c.csv"));
        assertEquals("ascending", BROWSER.one("th[data-sort=fileName]").getDomAttribute("aria-sort"));
        assertNull(BROWSER.one("th[data-sort=createdAt]").getDomAttribute("aria-sort"));
        click("th[data-sort=fileName] button");
        BROWSER.awaitFiles("by file, descending", List.of("c.csv", "b.csv", "a.csv"));
        assertEquals("descending", BROWSER.one("th[data-sort=fileName]").getDomAttribute("aria-sort"));
        click("th[data-sort=status] button");
        BROWSER.awaitFiles("by status name, ascending", List.of("a.csv", "c.csv", "b.csv"));
        assertTrue(BROWSER.driver().getCurrentUrl().contains("sort=status%3Aasc"), BROWSER.driver().getCurrentUrl());

        BROWSER.driver().navigate().refresh();
        BROWSER.awaitFiles("the sort survives a reload", List.of("a.csv", "c.csv", "b.csv"));
    }

    /** file-24.csv down to file-00.csv, the newest first: those from position {@code from} to before {@code to}. */
    private static List<String> newestFiles(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> String.format("file-%02d.csv", 24 - i)).toList();
    }

    private static WebElement pagerButton(String navLabel, String label) {
        return BROWSER.driver().findElement(By.xpath("//nav[@aria-label='" + navLabel + "']/button[contains(., '"
                + label + "')]"));
    }

    @Test
    void cursorPagesGoForwardAndBack() {
        start();
        IntStream.range(0, 25).forEach(i -> job(String.format("file-%02d.csv", i)));

        open("?org=" + ORG);
        BROWSER.awaitFiles("the first page", newestFiles(0, 20));
        assertEquals("1–20 of 25", text(BROWSER.one(".pager .range")));
        assertFalse(pagerButton("Pages", "Previous").isEnabled(), "no page before the first");

        pagerButton("Pages", "Next").click();
        BROWSER.awaitFiles("the second page", newestFiles(20, 25));
        assertEquals("21–25 of 25", text(BROWSER.one(".pager .range")));
        assertFalse(pagerButton("Pages", "Next").isEnabled(), "no page after the last");

        pagerButton("Pages", "Previous").click();
        BROWSER.awaitFiles("the first page again", newestFiles(0, 20));
    }

    @Test
    void aJobShowsItsTimelineConfigAndErrorsPagedBySeverity() {
        start();
        String id = job("items.csv", "report", obj("numItems", 100), "action", "import-items",
                "config", obj("delimiter", ";", "note", "<script>alert(1)</script>"));
        List<Map<String, Object>> errors = new ArrayList<>();
        IntStream.rangeClosed(1, 30).forEach(line -> errors.add(obj("line", line, "column", "sku", "message",
                "sku " + line + " is required")));
        IntStream.rangeClosed(31, 35).forEach(line -> errors.add(obj("line", line, "severity", "warning",
                "message", "price rounded")));
        server.clock.advance(Duration.ofSeconds(4));
        server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 0, "rows", 60, "successCount", 25, "warningCount", 5,
                "errorCount", 30, "errors", errors)).okB(200);
        server.clock.advance(Duration.ofSeconds(10));
        server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 1, "rows", 40, "successCount", 40)).okB(200);
        server.patch(JOBS + "/" + id, obj("status", "completed")).okB(200);

        open("?org=" + ORG + "&job=" + id);

        BROWSER.await("the job", d -> text(BROWSER.one("h1")).equals("items.csv"));
        assertEquals("Completed", text(BROWSER.one(".job-head .badge")));
        BROWSER.await("the counters", d -> text(BROWSER.one("[data-counter=numErrors] dd")).equals("30"));
        assertEquals("100", text(BROWSER.one("[data-counter=numProcessed] dd")));
        assertEquals("5", text(BROWSER.one("[data-counter=numWarnings] dd")));
        List<String> steps = BROWSER.all(".timeline .step-label").stream().map(Browser::text).toList();
        assertEquals(List.of("Created", "Started", "Completed"), steps);
        assertEquals("{\n  \"delimiter\": \";\",\n  \"note\": \"<script>alert(1)</script>\"\n}",
                BROWSER.one(".config code").getDomProperty("textContent"));
        assertEquals("10 s", text(BROWSER.one(".figures div:first-child dd")), "first chunk to completion");
        assertEquals("10/s", text(BROWSER.one(".figures div:nth-child(2) dd")), "100 rows in 10 s");

        BROWSER.await("the first page of errors", d -> BROWSER.all("#errors tbody tr").size() == 20);
        assertEquals("Page 1 of 2 · 35 lines", text(BROWSER.one(".job-grid .pager .range")));
        assertEquals("sku 1 is required", text(BROWSER.one("#errors tbody tr td.message")));
        pagerButton("Line error pages", "Next").click();
        BROWSER.await("the second page", d -> text(BROWSER.one(".job-grid .pager .range")).startsWith("Page 2 of 2"));
        assertEquals(15, BROWSER.all("#errors tbody tr").size());

        new Select(BROWSER.one("#severity")).selectByValue("warning");
        BROWSER.await("the warnings", d -> text(BROWSER.one(".job-grid .pager .range")).equals("Page 1 of 1 · 5 lines"));
        assertEquals(List.of("warning"), BROWSER.all("#errors tbody .sev").stream().map(Browser::text)
                .distinct().toList());
        String csv = BROWSER.one(".section-head a.button").getDomAttribute("href");
        assertTrue(csv.endsWith("/bulk-tasks/" + id + "/errors.csv?severity=warning"), csv);
    }

    @Test
    void cancelAndResumeAreOfferedOnlyWithTheUpdatePermissionAndWork() {
        Set<String> readOnly = Set.of("base.bulk.management.list", "base.bulk.management.read");
        Map<String, Principal> tokens = Map.of(
                "admin-token", new Principal("admin", Set.of("*"), Set.of("*")),
                "reader-token", new Principal("reader", Set.of(ORG), readOnly),
                "updater-token", new Principal("updater", Set.of(ORG), Set.of("base.bulk.management.list",
                        "base.bulk.management.read", "base.bulk.management.update")));
        server = TestServer.options().auth(AuthMode.REQUIRED).verifier(t -> Optional.ofNullable(tokens.get(t))).start(dir);
        String[] admin = {"Authorization", "Bearer admin-token"};
        String running = (String) server.post(JOBS, TestServer.createB("file", obj("originalName", "running.csv"),
                "status", "inProgress"), admin).okB(201).get("id");
        server.clock.advance(Duration.ofSeconds(1));
        String failed = (String) server.post(JOBS, TestServer.createB("file", obj("originalName", "failed.csv")), admin)
                .okB(201).get("id");
        server.patch(JOBS + "/" + failed, obj("status", "failed"), admin).okB(200);

        open("?org=" + ORG);
        BROWSER.await("the request for a token", d -> text(BROWSER.one("main .callout")).contains("needs an access token"));
        assertTrue(BROWSER.one("#token-input").isDisplayed(), "the token field is open");

        BROWSER.one("#token-input").sendKeys("reader-token", Keys.ENTER);
        BROWSER.awaitFiles("the reader's view", List.of("failed.csv", "running.csv"));
        assertTrue(BROWSER.all("td[data-col=actions] button, th[data-col=actions]").isEmpty(), "no actions column");
        assertTrue(BROWSER.one("#who").getText().contains("reader · read-only"));
        BROWSER.driver().navigate().refresh();
        BROWSER.awaitFiles("the token is kept in the tab", List.of("failed.csv", "running.csv"));
        row(running).findElement(By.cssSelector("td[data-col=file] a")).click();
        BROWSER.await("the job page", d -> text(BROWSER.one("h1")).equals("running.csv"));
        assertTrue(BROWSER.all(".job-actions button").isEmpty(), "nothing to click for a reader");

        click("#token-toggle");
        BROWSER.one("#token-input").clear();
        BROWSER.one("#token-input").sendKeys("updater-token", Keys.ENTER);
        BROWSER.await("the updater's job page", d -> text(BROWSER.one(".job-actions")).equals("Cancel"));
        assertTrue(BROWSER.one("#who").getText().contains("updater · can cancel and resume"));
        click(".crumbs a");
        BROWSER.awaitFiles("the updater's view", List.of("failed.csv", "running.csv"));
        assertEquals("Cancel", cell(running, "actions"));
        assertEquals("Resume", cell(failed, "actions"));

        row(running).findElement(By.cssSelector("td[data-col=actions] button")).click();
        acceptConfirmation();
        BROWSER.await("the cancelled job", d -> cell(running, "status").equals("Cancelled"));
        assertEquals("", cell(running, "actions"), "a cancelled job offers nothing more");
        assertEquals("cancelled", server.get(JOBS + "/" + running, admin).okB(200).get("status"));

        row(failed).findElement(By.cssSelector("td[data-col=actions] button")).click();
        acceptConfirmation();
        BROWSER.await("the resumed job", d -> cell(failed, "status").equals("Running"));
        assertEquals("Cancel", cell(failed, "actions"));
        assertEquals("inProgress", server.get(JOBS + "/" + failed, admin).okB(200).get("status"));
    }

    @Test
    void aChangeMadeElsewhereMeanwhileIsNotOverwritten() {
        start();
        String id = job("items.csv", "status", "inProgress");
        open("?org=" + ORG);
        BROWSER.awaitFiles("the job", List.of("items.csv"));

        server.patch(JOBS + "/" + id, obj("summary", "changed by someone else")).okB(200);
        row(id).findElement(By.cssSelector("td[data-col=actions] button")).click();
        acceptConfirmation();

        BROWSER.await("the refusal", d -> text(BROWSER.one(".notice.error")).contains("changed meanwhile"));
        assertEquals("inProgress", server.itemOf(id).get("status"), "If-Match kept the old version from winning");
    }

    /** The page follows the server's event stream: it says it is live, and does not poll. */
    @Test
    void theProgressBarMovesWhenAChunkIsPosted() {
        start();
        String id = job("items.csv", "report", obj("numItems", 1000));
        open("?org=" + ORG);
        BROWSER.awaitFiles("the job", List.of("items.csv"));
        BROWSER.await("the live note", d -> BROWSER.one("#live").getText().equals("Live"));
        assertEquals("on", BROWSER.one("#live").getDomAttribute("class").replace("live ", ""));
        assertEquals("0", row(id).findElement(By.tagName("progress")).getDomAttribute("value"));

        server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 0, "rows", 400, "successCount", 400)).okB(200);

        BROWSER.await("the bar at 400", d -> "400".equals(row(id).findElement(By.tagName("progress")).getDomAttribute("value")));
        assertEquals("400 / 1,000 · 40%", cell(id, "progress"));
        assertEquals("Running", cell(id, "status"));
        assertEquals("Live", BROWSER.one("#live").getText(), "still following the stream, not polling");
        assertEquals(1, server.server.events().openStreams(), "the page's one stream");
    }

    /** Against a server without event streams (an older one) the page says so and polls instead. */
    @Test
    void withoutAnEventStreamThePagePollsAndSaysSo() {
        start();
        String id = job("items.csv", "report", obj("numItems", 1000));
        try (EventsProxy oldServer = EventsProxy.withoutStreams(server.base)) {
            BROWSER.driver().get(oldServer.base() + "/dashboard/?org=" + ORG);
            BROWSER.awaitFiles("the job", List.of("items.csv"));
            BROWSER.await("the fallback note", d -> BROWSER.one("#live").getText()
                    .equals("Live updates unavailable · refreshing every 5 s"));

            server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", 0, "rows", 400, "successCount", 400)).okB(200);

            BROWSER.await("the bar at 400, polled", d -> "400".equals(row(id).findElement(By.tagName("progress"))
                    .getDomAttribute("value")));
            assertTrue(oldServer.count(r -> r.startsWith("GET /v1/organizations/" + ORG + "/bulk-tasks?")) >= 2,
                    "the page was fetched again");
        }
    }

    @Test
    void withoutAnOrganizationAFormAsksForOne() {
        start();
        job("users.csv");
        BROWSER.driver().get(server.base + "/");

        BROWSER.await("the form", d -> !BROWSER.all("#org-input").isEmpty());
        BROWSER.one("#org-input").sendKeys(ORG, Keys.ENTER);

        BROWSER.awaitFiles("the organization's jobs", List.of("users.csv"));
        assertTrue(BROWSER.driver().getCurrentUrl().endsWith("/dashboard/?org=" + ORG));
    }
}
