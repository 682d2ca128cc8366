package dev.importjobs.http;

import static dev.importjobs.http.TestServer.JOBS;
import static dev.importjobs.http.TestServer.ORG;
import static dev.importjobs.http.TestServer.list;
import static dev.importjobs.http.TestServer.number;
import static dev.importjobs.http.TestServer.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Page arithmetic and cursor walks over HTTP (docs/model.md#listing-and-pages), in both styles: with no writes in between,
 * walking every page by number or by {@code nextCursor} yields every job exactly once, in order. The tests
 * only read, so the jobs are made once for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListingTest {
    static final int JOB_COUNT = 23;
    static final List<String> STATUSES = List.of("pending", "created", "inProgress");

    /** What the test knows of each job it made, to compute the expected orders. */
    record Made(String id, int seq, String status, Long totalRows, String fileName, String action) {
    }

    @TempDir
    static Path dir;
    TestServer server;
    List<Made> made = new ArrayList<>();

    @BeforeAll
    void start() {
        server = TestServer.start(dir);
        for (int i = 0; i < JOB_COUNT; i++) {
            String status = STATUSES.get(i % 3);
            Long totalRows = i % 4 == 0 ? null : (long) (i * 7 % 10);
            String fileName = "f" + (i * 37 % 23) + ".csv";
            String action = i % 2 == 0 ? "import-inventory-items" : "import-mdm-users";
            Map<String, Object> body = TestServer.createB("status", status, "action", action,
                    "file", obj("originalName", fileName), "report", obj("numItems", totalRows));
            made.add(new Made((String) server.post(JOBS, body).okB(201).get("id"), i, status, totalRows, fileName,
                    action));
            // Every job its own second, so createdAt alone orders them; ties are tested by other sorts.
            server.clock.advance(Duration.ofSeconds(1));
        }
        server.newJobA("elsewhere", "organizationId", "org_other");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    /** The order of docs/model.md#listing-and-pages: by key, nulls last in both directions, ties by id in the same direction. */
    static <K extends Comparable<K>> Comparator<Made> order(Function<Made, K> key, boolean descending) {
        Comparator<Made> byKey = (a, b) -> {
            K x = key.apply(a);
            K y = key.apply(b);
            if (x == null || y == null) {
                return x == y ? 0 : x == null ? 1 : -1;
            }
            return descending ? y.compareTo(x) : x.compareTo(y);
        };
        return byKey.thenComparing(descending ? Comparator.comparing(Made::id).reversed() : Comparator.comparing(Made::id));
    }

    private List<String> expected(Comparator<Made> order, Predicate<Made> filter) {
        return made.stream().filter(filter).sorted(order).map(Made::id).toList();
    }

    private static List<String> ids(Map<String, Object> page) {
        return list(page.get("items")).stream().map(item -> (String) item.get("id")).toList();
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Walks style B by page number, checking each page's arithmetic. */
    private List<String> walkByPageB(String query, int limit, int total) {
        List<String> seen = new ArrayList<>();
        long totalPages = Math.max(1, (total + limit - 1) / limit);
        for (int page = 1; page <= totalPages; page++) {
            Map<String, Object> data = server.get(JOBS + "?limit=" + limit + "&page=" + page + query).okB(200);
            assertPageMath(data, page, limit, total);
            seen.addAll(ids(data));
        }
        return seen;
    }

    /** Walks style B by nextCursor from the first page. */
    private List<String> walkByCursorB(String query, int limit, int total) {
        Map<String, Object> data = server.get(JOBS + "?limit=" + limit + query).okB(200);
        assertPageMath(data, 1, limit, total);
        List<String> seen = new ArrayList<>(ids(data));
        while (data.get("nextCursor") != null) {
            data = server.get(JOBS + "?limit=" + limit + query + "&cursor=" + q((String) data.get("nextCursor")))
                    .okB(200);
            assertCursorPage(data, limit, total);
            seen.addAll(ids(data));
        }
        return seen;
    }

    private List<String> walkByPageA(Map<String, Object> query, int pageSize, int total) {
        List<String> seen = new ArrayList<>();
        long totalPages = Math.max(1, (total + pageSize - 1) / pageSize);
        for (int page = 1; page <= totalPages; page++) {
            Map<String, Object> data = obj("organizationId", ORG, "page", page, "pageSize", pageSize);
            data.putAll(query);
            Map<String, Object> answer = server.rpc("listByOrganization", data).okA();
            assertPageMath(answer, page, pageSize, total);
            seen.addAll(ids(answer));
        }
        return seen;
    }

    private List<String> walkByCursorA(Map<String, Object> query, int pageSize, int total) {
        Map<String, Object> data = obj("organizationId", ORG, "pageSize", pageSize);
        data.putAll(query);
        Map<String, Object> answer = server.rpc("listByOrganization", data).okA();
        assertPageMath(answer, 1, pageSize, total);
        List<String> seen = new ArrayList<>(ids(answer));
        while (answer.get("nextCursor") != null) {
            data.put("cursor", answer.get("nextCursor"));
            answer = server.rpc("listByOrganization", data).okA();
            assertCursorPage(answer, pageSize, total);
            seen.addAll(ids(answer));
        }
        return seen;
    }

    /** mongoose-paginate-v2's numbers for page {@code page} of {@code total} jobs. */
    static void assertPageMath(Map<String, Object> data, long page, int limit, int total) {
        long totalPages = Math.max(1, (total + limit - 1) / limit);
        String where = "page " + page + " of " + data;
        assertEquals(total, number(data.get("totalDocs")), where);
        assertEquals(limit, number(data.get("limit")), where);
        assertEquals(page, number(data.get("page")), where);
        assertEquals(totalPages, number(data.get("totalPages")), where);
        assertEquals((page - 1) * limit + 1, number(data.get("pagingCounter")), where);
        assertEquals(page > 1, data.get("hasPrevPage"), where);
        assertEquals(page < totalPages, data.get("hasNextPage"), where);
        assertEquals(page > 1 ? Math.min(page - 1, totalPages) : null,
                data.get("prevPage") == null ? null : number(data.get("prevPage")), where);
        assertEquals(page < totalPages ? page + 1 : null,
                data.get("nextPage") == null ? null : number(data.get("nextPage")), where);
        long onPage = Math.max(0, Math.min(limit, total - (page - 1) * limit));
        assertEquals(onPage, list(data.get("items")).size(), where);
        if (page < totalPages) {
            assertNotNull(data.get("nextCursor"), where);
        } else {
            assertNull(data.get("nextCursor"), where);
        }
    }

    /** A page reached by cursor: no page numbers, a previous page, a next one when a cursor follows. */
    static void assertCursorPage(Map<String, Object> data, int limit, int total) {
        assertEquals(total, number(data.get("totalDocs")));
        assertEquals(limit, number(data.get("limit")));
        assertEquals(Math.max(1, (total + limit - 1) / limit), number(data.get("totalPages")));
        assertNull(data.get("page"));
        assertNull(data.get("pagingCounter"));
        assertNull(data.get("prevPage"));
        assertNull(data.get("nextPage"));
        assertEquals(true, data.get("hasPrevPage"));
        assertEquals(data.get("nextCursor") != null, data.get("hasNextPage"));
    }

    @ParameterizedTest
    @CsvSource({"1", "5", "7", "10", "23", "100"})
    void everyJobOnceInTheDefaultOrderByPageAndByCursorInStyleB(int limit) {
        List<String> newestFirst = expected(order(Made::seq, true), m -> true);

        assertEquals(newestFirst, walkByPageB("", limit, JOB_COUNT));
        assertEquals(newestFirst, walkByCursorB("", limit, JOB_COUNT));
    }

    @ParameterizedTest
    @CsvSource({"1", "4", "10", "50"})
    void everyJobOnceInTheDefaultOrderByPageAndByCursorInStyleA(int pageSize) {
        List<String> newestFirst = expected(order(Made::seq, true), m -> true);

        assertEquals(newestFirst, walkByPageA(Map.of(), pageSize, JOB_COUNT));
        assertEquals(newestFirst, walkByCursorA(Map.of(), pageSize, JOB_COUNT));
    }

    @Test
    void sortsWithTiesAndNullsWalkTheSameByPageAndByCursor() {
        List<String> byTotalAsc = expected(order(Made::totalRows, false), m -> true);
        List<String> byTotalDesc = expected(order(Made::totalRows, true), m -> true);
        List<String> byName = expected(order(Made::fileName, false), m -> true);
        List<String> byStatusDesc = expected(order(Made::status, true), m -> true);

        assertEquals(byTotalAsc, walkByPageB("&sort=report.numItems:asc", 4, JOB_COUNT));
        assertEquals(byTotalAsc, walkByCursorB("&sort=report.numItems", 4, JOB_COUNT));
        assertEquals(byTotalAsc, walkByCursorA(Map.of("sort", "totalRows:asc"), 6, JOB_COUNT));
        assertEquals(byTotalDesc, walkByPageB("&sort=report.numItems:desc", 6, JOB_COUNT));
        assertEquals(byTotalDesc, walkByCursorA(Map.of("sort", "totalRows:desc"), 3, JOB_COUNT));
        assertEquals(byName, walkByCursorB("&sort=file.originalName:asc", 5, JOB_COUNT));
        assertEquals(byName, walkByPageA(Map.of("sort", "fileName"), 5, JOB_COUNT));
        assertEquals(byStatusDesc, walkByCursorB("&sort=status:desc", 2, JOB_COUNT));
        assertEquals(byStatusDesc, walkByPageA(Map.of("sort", "status:desc"), 9, JOB_COUNT));
    }

    @Test
    void filtersWalkTheSameByPageAndByCursor() {
        Predicate<Made> filter = m -> !m.status().equals("created") && m.action().equals("import-mdm-users");
        List<String> wanted = expected(order(Made::seq, false), filter);
        int total = wanted.size();

        assertEquals(wanted, walkByPageB("&sort=createdAt:asc&status=pending,inProgress&action=import-mdm-users",
                2, total));
        assertEquals(wanted, walkByCursorB("&sort=createdAt:asc&status=PENDING,in_progress&action=import-mdm-users",
                2, total));
        assertEquals(wanted, walkByCursorA(Map.of("sort", "createdAt:asc", "status", "pending,inProgress",
                "importScope", "import-mdm-users"), 3, total));
    }

    @Test
    void aPagePastTheEndIsEmptyAndPointsBackToTheLastPage() {
        Map<String, Object> b = server.get(JOBS + "?limit=5&page=9").okB(200);
        Map<String, Object> a = server.rpc("listByOrganization", obj("organizationId", ORG, "page", 7,
                "pageSize", 10)).okA();

        assertEquals(List.of(), b.get("items"));
        assertEquals(9L, number(b.get("page")));
        assertEquals(5L, number(b.get("totalPages")));
        assertEquals(41L, number(b.get("pagingCounter")));
        assertEquals(false, b.get("hasNextPage"));
        assertEquals(true, b.get("hasPrevPage"));
        assertEquals(5L, number(b.get("prevPage")), "min(page - 1, totalPages)");
        assertNull(b.get("nextPage"));
        assertNull(b.get("nextCursor"));
        assertEquals(List.of(), a.get("items"));
        assertEquals(3L, number(a.get("prevPage")));
    }

    /** An empty {@code limit=} (or {@code page=}) is the default, as if it were not sent (docs/api.md). */
    @Test
    void anEmptyPageOrLimitMeansTheDefault() {
        Map<String, Object> page = server.get(JOBS + "?limit=&page=").okB(200);

        assertEquals(10L, number(page.get("limit")));
        assertEquals(1L, number(page.get("page")));
        assertEquals(10, list(page.get("items")).size());
    }

    /**
     * Page numbers and sizes are ASCII digits in both styles: another script's digits ({@code ٢}), a sign or
     * a decimal point are a 400 naming the parameter, never read as a number.
     */
    @Test
    void onlyAsciiDigitsAreNumbersInBothStyles() {
        String range = "must be an integer 1..2147483647";
        for (String page : List.of("\u0662", "\uff12", "+2", "2.0", "10.0", "1e1")) {
            assertEquals(range, server.get(JOBS + "?page=" + q(page)).invalid("page"), page);
            assertEquals("must be an integer", server.rpc("listByOrganization",
                    obj("organizationId", ORG, "page", page)).invalid("page"), page);
        }
        assertEquals("must be an integer 1..100", server.get(JOBS + "?limit=" + q("\u0661\u0660")).invalid("limit"));
        assertEquals("must be an integer 1..100", server.get(JOBS + "/" + made.get(0).id() + "/errors?limit="
                + q("\u0665")).invalid("limit"));
        assertEquals("must be an integer", server.post("/api", "{\"namespace\":\"serviceImportJobs\",\"apiName\":"
                + "\"listByOrganization\",\"data\":{\"organizationId\":\"" + ORG + "\",\"pageSize\":10.0}}")
                .invalid("pageSize"));
        assertEquals(2L, number(server.get(JOBS + "?page=02&limit=5").okB(200).get("page")));
    }

    @Test
    void anOrganizationWithoutJobsHasOneEmptyPage() {
        Map<String, Object> page = server.get("/v1/organizations/org_empty/bulk-tasks").okB(200);

        assertEquals(obj("items", List.of(), "totalDocs", 0, "limit", 10, "page", 1, "totalPages", 1,
                "pagingCounter", 1, "hasPrevPage", false, "hasNextPage", false, "prevPage", null, "nextPage", null,
                "nextCursor", null), page);
    }

    @Test
    void theLimitMayChangeBetweenCursorPages() {
        List<String> newestFirst = expected(order(Made::seq, true), m -> true);
        Map<String, Object> first = server.get(JOBS + "?limit=3").okB(200);

        Map<String, Object> second = server.get(JOBS + "?limit=20&cursor=" + q((String) first.get("nextCursor")))
                .okB(200);

        List<String> seen = new ArrayList<>(ids(first));
        seen.addAll(ids(second));
        assertEquals(newestFirst, seen);
        assertNull(second.get("nextCursor"));
        assertEquals(false, second.get("hasNextPage"));
    }

    @Test
    void aCursorWorksInTheOtherStyleWithTheSameSort() {
        Map<String, Object> first = server.get(JOBS + "?limit=10&sort=action:asc").okB(200);

        Map<String, Object> next = server.rpc("listByOrganization", obj("organizationId", ORG, "pageSize", 10,
                "sort", "importScope:asc", "cursor", first.get("nextCursor"))).okA();

        List<String> byAction = expected(order(Made::action, false), m -> true);
        assertEquals(byAction.subList(10, 20), ids(next));
    }

    @Test
    void aCursorWithAnotherSortFilterOrOrganizationIsRejected() {
        String cursor = q((String) server.get(JOBS + "?limit=5&sort=createdAt:asc").okB(200).get("nextCursor"));
        String message = "is not a cursor of this listing: pass back nextCursor unchanged, with the same sort and filters";

        assertEquals(message, server.get(JOBS + "?limit=5&sort=createdAt:desc&cursor=" + cursor).invalid("cursor"));
        assertEquals(message, server.get(JOBS + "?limit=5&cursor=" + cursor).invalid("cursor"));
        assertEquals(message, server.get(JOBS + "?limit=5&sort=createdAt:asc&status=pending&cursor=" + cursor)
                .invalid("cursor"));
        assertEquals(message, server.get("/v1/organizations/org_other/bulk-tasks?limit=5&sort=createdAt:asc&cursor="
                + cursor).invalid("cursor"));
        assertEquals("must not be given with cursor: a cursor already says where the page starts",
                server.get(JOBS + "?limit=5&sort=createdAt:asc&page=2&cursor=" + cursor).invalid("page"));
        String original = (String) server.get(JOBS + "?limit=5&sort=createdAt:asc").okB(200).get("nextCursor");
        String edited = q(original.substring(0, original.length() - 1) + (original.endsWith("A") ? "B" : "A"));
        assertEquals(message, server.get(JOBS + "?limit=5&sort=createdAt:asc&cursor=" + edited).invalid("cursor"));
    }
}
