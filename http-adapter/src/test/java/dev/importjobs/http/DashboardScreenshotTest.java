package dev.importjobs.http;

import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.ORG;
import static dev.importjobs.http.TestServer.obj;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;

/**
 * Takes the pictures in the docs ({@code docs/dashboard.png}, {@code docs/dashboard-job.png}) of a few
 * realistic jobs whose times end now, so durations and estimates read as they would. Only on request, so
 * ordinary runs leave the committed files alone:
 * {@code ./mvnw -B verify -pl http-adapter -am -Dtest=DashboardScreenshotTest -Ddashboard.screenshot=true}
 * (or the environment variable {@code DASHBOARD_SCREENSHOT=true}).
 */
class DashboardScreenshotTest {
    @RegisterExtension
    static final Browser BROWSER = new Browser();
    static final Path DOCS = Path.of("..", "docs");

    @TempDir
    Path dir;

    static boolean requested() {
        return Boolean.getBoolean("dashboard.screenshot") || "true".equals(System.getenv("DASHBOARD_SCREENSHOT"));
    }

    @Test
    @EnabledIf("requested")
    void picturesOfTheDashboard() throws IOException {
        BROWSER.reset();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (TestServer server = TestServer.start(dir)) {
            Jobs jobs = new Jobs(server, now);
            String customers = jobs.create(55, "customers-2026-11.csv", "import-customers", "Ana Lima", 2480L);
            jobs.chunks(customers, 54, 60, 5, 496, 3, 0);
            jobs.status(customers, 49, "completed", null);

            String prices = jobs.create(41, "price-list-q4.csv", "import-prices", "Bruno Costa", 4000L);
            jobs.chunks(prices, 40, 60, 2, 600, 4, 18);
            jobs.status(prices, 38, "failed", "ERP connection lost after 3 retries (timeout 30 s)");

            String orders = jobs.create(33, "orders-archive-2019.csv", "import-orders", "Chen Wei", 18000L);
            jobs.chunks(orders, 32, 45, 6, 1000, 0, 0);
            jobs.status(orders, 28, "cancelled", null);

            String products = jobs.create(24, "products-catalog.csv", "import-products", "Ana Lima", 9850L);
            jobs.chunks(products, 23, 40, 5, 1970, 5, 0);
            jobs.status(products, 20, "completed", null);

            String inventory = jobs.create(14, "inventory-eu-west.csv", "import-inventory-items", "Dana Kovač", 120000L);
            jobs.chunks(inventory, 12, 50, 15, 5200, 8, 1);

            String suppliers = jobs.create(6, "suppliers.csv", "import-suppliers", "Eva Novak", null);
            jobs.chunks(suppliers, 5, 30, 9, 500, 0, 0);

            jobs.create(1, "users-mdm.csv", "import-mdm-users", "Bruno Costa", null);
            server.clock.set(now);

            BROWSER.driver().manage().window().setSize(new Dimension(1680, 700));
            BROWSER.driver().get(server.base + "/dashboard/?org=" + ORG);
            BROWSER.await("seven jobs", d -> BROWSER.all("tbody tr[data-job-id]").size() == 7);
            BROWSER.await("the counts", d -> BROWSER.one("button[data-status=completed] .stat-count").getText().equals("2"));
            BROWSER.await("live updates on", d -> BROWSER.one("#live").getText().equals("Live"));
            fitHeightToPage();
            save("dashboard.png");

            BROWSER.driver().manage().window().setSize(new Dimension(1440, 1060));
            BROWSER.driver().get(server.base + "/dashboard/?org=" + ORG + "&job=" + prices);
            BROWSER.await("the line errors", d -> BROWSER.all("#errors tbody tr").size() == 20);
            BROWSER.await("live updates on", d -> BROWSER.one("#live").getText().equals("Live"));
            save("dashboard-job.png");
        }
    }

    /** Makes the window as tall as the page, so the picture holds all of it and nothing below. */
    private static void fitHeightToPage() {
        Number page = (Number) BROWSER.driver().executeScript("return document.documentElement.scrollHeight");
        Number frame = (Number) BROWSER.driver().executeScript("return window.outerHeight - window.innerHeight");
        Dimension size = BROWSER.driver().manage().window().getSize();
        BROWSER.driver().manage().window().setSize(new Dimension(size.width, page.intValue() + frame.intValue()));
    }

    private static void save(String name) throws IOException {
        byte[] png = BROWSER.driver().getScreenshotAs(OutputType.BYTES);
        Files.write(DOCS.resolve(name), png);
        assertTrue(png.length > 10_000, name + " has a picture in it");
    }

    /** Jobs made at given minutes before now, as an importer would report them. */
    private static final class Jobs {
        private static final String[][] PROBLEMS = {
            {"price", "NOT_A_NUMBER", "price must be a number", "12,5O"},
            {"sku", "UNKNOWN_SKU", "sku is not in the catalog", "PRC-00412"},
            {"currency", "BAD_CURRENCY", "currency must be EUR, USD or GBP", "EURO"},
            {"valid_from", "BAD_DATE", "valid_from must be a date (YYYY-MM-DD)", "31/12/2026"},
        };

        private final TestServer server;
        private final Instant now;
        private int line = 2;

        Jobs(TestServer server, Instant now) {
            this.server = server;
            this.now = now;
        }

        private void at(double minutesAgo) {
            server.clock.set(now.minus(Duration.ofMillis((long) (minutesAgo * 60_000))));
        }

        String create(int minutesAgo, String file, String action, String who, Long total) {
            at(minutesAgo);
            String email = who.toLowerCase(Locale.ROOT).replace(' ', '.').replace('č', 'c') + "@example.com";
            Map<String, Object> body = TestServer.createB("file", obj("originalName", file, "mimetype",
                    file.endsWith(".csv") ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "size", 180_000L + file.length() * 7919L), "action", action,
                    "createdBy", obj("id", "user_" + who.charAt(0), "fullName", who, "email", email),
                    "config", obj("delimiter", ";", "encoding", "UTF-8", "mapping", obj("sku", "A", "price", "B")));
            if (total != null) {
                body.put("report", obj("numItems", total));
            }
            return (String) server.post(JOBS, body).okB(201).get("id");
        }

        /** {@code count} chunks of {@code rows}, {@code everySeconds} apart from {@code firstMinutesAgo}. */
        void chunks(String id, double firstMinutesAgo, int everySeconds, int count, int rows, int warnings, int errors) {
            for (int i = 0; i < count; i++) {
                at(firstMinutesAgo - i * everySeconds / 60.0);
                List<Map<String, Object>> lines = new ArrayList<>();
                for (int e = 0; e < errors; e++) {
                    String[] problem = PROBLEMS[(line + e) % PROBLEMS.length];
                    lines.add(obj("line", line + e * 17L, "column", problem[0], "code", problem[1], "message", problem[2],
                            "value", problem[3]));
                }
                line += rows;
                server.post(JOBS + "/" + id + "/chunks", obj("chunkIndex", i, "rows", rows, "successCount",
                        rows - warnings - errors, "warningCount", warnings, "errorCount", errors, "errors", lines))
                        .okB(200);
            }
        }

        void status(String id, int minutesAgo, String status, String error) {
            at(minutesAgo);
            server.patch(JOBS + "/" + id, obj("status", status, "error", error)).okB(200);
        }
    }
}
