package dev.importjobs.storage.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.query.JobFilter;
import dev.importjobs.core.query.Sort;
import dev.importjobs.core.query.SortField;
import dev.importjobs.core.spi.JobListing;
import dev.importjobs.core.spi.KeysetPosition;
import dev.importjobs.storage.jdbc.ChangeFeedRows;
import dev.importjobs.storage.jdbc.JdbcJobStore;
import dev.importjobs.storage.jdbc.Listings;
import dev.importjobs.storage.postgres.testkit.TestDatabase;
import dev.importjobs.storage.postgres.testkit.TestPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.jr.ob.JSON;

/**
 * Listing cost must not grow with an organization's size (docs/storage.md#listing-cost), checked on
 * PostgreSQL's own plans ({@code EXPLAIN (FORMAT JSON)}) over enough analysed rows that the planner weighs
 * indexes against scans for real: every first page and keyset page, of every sort both ways, and each null
 * range, is an index scan bounded by the organization, with no Sort and no sequential scan. Both plans
 * PostgreSQL may run are checked: the custom plan for the values given, and the generic plan it may cache
 * for a statement the driver keeps prepared. Stalled listings and retention's batches read ranges of their
 * own indexes (docs/storage.md#stalled-jobs-and-retention).
 */
class QueryPlanTest {
    private static final String ORG = "org_7";
    private static final int ORGANIZATIONS = 20;
    private static final int JOBS_PER_ORGANIZATION = 3_000;
    private static final int SMALL_ORGANIZATIONS = 5_000;
    private static final Map<SortField, String> COLUMNS = Map.of(SortField.CREATED_AT, "created_at",
            SortField.UPDATED_AT, "updated_at", SortField.STARTED_AT, "started_at",
            SortField.COMPLETED_AT, "completed_at", SortField.STATUS, "status", SortField.ACTION, "action",
            SortField.FILE_NAME, "file_name", SortField.TOTAL_ROWS, "total_rows",
            SortField.PROCESSED_ROWS, "processed_rows", SortField.ERROR_COUNT, "error_count");

    private static Connection connection;

    /** The schema as the store makes it, then jobs of many organizations with every kind of value and null. */
    @BeforeAll
    static void seed() throws SQLException {
        TestDatabase database = TestPostgres.server().newDatabase();
        database.store().open().close();
        connection = database.connect();
        try (Statement s = connection.createStatement()) {
            seedJobs(s, "org_", ORGANIZATIONS, ORGANIZATIONS * JOBS_PER_ORGANIZATION, 0);
            // Many small organizations too, as in real use: the counts table then holds many of them.
            seedJobs(s, "small_", SMALL_ORGANIZATIONS, SMALL_ORGANIZATIONS * 4, ORGANIZATIONS * JOBS_PER_ORGANIZATION);
            s.execute("INSERT INTO line_errors (job_seq, seq, severity, line, message) "
                    + "SELECT j.seq, k, 'error', k, 'bad' FROM jobs j, generate_series(1, 3) AS k WHERE line_error_count > 0");
            s.execute("INSERT INTO job_counts (organization_id, status, action_key, created_by_id, n) "
                    + "SELECT organization_id, status, COALESCE('=' || action, ''), created_by_id, COUNT(*) FROM jobs "
                    + "GROUP BY organization_id, status, COALESCE('=' || action, ''), created_by_id");
            s.execute("INSERT INTO job_status_counts (organization_id, status, n) "
                    + "SELECT organization_id, status, COUNT(*) FROM jobs GROUP BY organization_id, status");
            s.execute("UPDATE jobs SET feed_position = seq");
            s.execute("INSERT INTO job_deletions (organization_id, feed_position, id) "
                    + "SELECT 'org_' || (i % " + ORGANIZATIONS + "), 1000000 + i, lpad(to_hex(i), 24, 'f') "
                    + "FROM generate_series(1, 5000) AS i");
            s.execute("ANALYZE");
        }
    }

    /**
     * {@code jobs} jobs spread over {@code organizations} organizations; within each, every status, actions,
     * creators and each nullable field null for some jobs, independently of each other.
     */
    private static void seedJobs(Statement s, String prefix, int organizations, int jobs, int firstId)
            throws SQLException {
        String k = "(i / " + organizations + ")";
        s.execute("INSERT INTO jobs (id, organization_id, status, action, created_by_id, file_name, "
                + "create_fingerprint, total_rows, processed_rows, success_count, insert_count, update_count, "
                + "skip_count, warning_count, error_count, error_report_truncated, line_error_count, started_at, "
                + "completed_at, created_at, updated_at, version) "
                + "SELECT lpad(to_hex(" + firstId + " + i), 24, '0'), '" + prefix + "' || (i % " + organizations + "), "
                + "(ARRAY['pending','created','inProgress','completed','failed','cancelled'])[1 + " + k + " % 6], "
                + "CASE WHEN " + k + " % 3 = 0 THEN NULL ELSE 'import-' || (" + k + " % 7) END, 'user_' || (" + k + " % 5), "
                + "'file-' || (i * 7919 % 100000) || '.csv', 'seeded', "
                + "CASE WHEN " + k + " % 5 = 0 THEN NULL ELSE i % 9000 END, i % 9000, 0, 0, 0, 0, 0, i % 13, 0, "
                + "CASE WHEN i % 11 = 0 THEN 3 ELSE 0 END, "
                + "CASE WHEN " + k + " % 4 = 0 THEN NULL ELSE 1700000000000 + i END, "
                + "CASE WHEN " + k + " % 2 = 0 THEN NULL ELSE 1700000500000 + i END, 1700000000000 + i, "
                + "1700001000000 + (i * 31 % 100000), 1 "
                + "FROM generate_series(1, " + jobs + ") AS i");
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    static Stream<Arguments> everySortBothWays() {
        return Stream.of(SortField.values()).flatMap(field -> Stream.of(
                Arguments.of(new Sort(field, false)), Arguments.of(new Sort(field, true))));
    }

    @ParameterizedTest
    @MethodSource("everySortBothWays")
    void firstPagesAndKeysetPagesWalkAnIndexInOrder(Sort sort) throws Exception {
        JobListing first = new JobListing(ORG, JobFilter.ALL, sort, 0, null, 51, 10);
        KeysetPosition middle = middleOfKeyed(sort);
        JobListing after = new JobListing(ORG, JobFilter.ALL, sort, 0, middle, 51, 10);

        assertIndexWalk(Listings.keyedQuery(first, null, 51, 0));
        assertIndexWalk(Listings.keyedQuery(after, middle, 51, 0));
        if (sort.field().isNullable()) {
            assertIndexWalk(Listings.nullsQuery(first, null, 51, 0));
            assertIndexWalk(Listings.nullsQuery(after, middleOfNulls(sort), 51, 0));
        }
    }

    /**
     * A listing answered in one statement: the page is the same walk (no sort, no scan), and what it adds are
     * subplans reading key ranges, the counts' and each previewed job's line errors, as the previews' own
     * query reads them, never a scan of a table.
     */
    @ParameterizedTest
    @MethodSource("everySortBothWays")
    void aPageWithItsTotalAndPreviewsInOneStatementAddsOnlyKeyRanges(Sort sort) throws Exception {
        KeysetPosition middle = middleOfKeyed(sort);
        for (JobListing listing : List.of(new JobListing(ORG, JobFilter.ALL, sort, 0, null, 51, 10),
                new JobListing(ORG, JobFilter.ALL, sort, 0, middle,
                        51, 10))) {
            Listings.Query query = Listings.onePageQuery(listing, PostgresDialect.LINE_ERROR_PREVIEW_JSON);
            for (Map<String, Object> plan : plans(query)) {
                String context = query.sql() + "\n" + plan;
                List<Map<String, Object>> page = pageNodes(plan).toList();
                assertTrue(page.stream().anyMatch(node -> isA("Index Scan").test(node) && "jobs".equals(node.get("Relation Name"))
                        && String.valueOf(node.get("Index Cond")).contains("organization_id = ")), context);
                assertFalse(page.stream().anyMatch(isA("Sort").or(isA("Incremental Sort")).or(isA("Bitmap Heap Scan"))),
                        context);
                assertTrue(nodes(plan).noneMatch(isA("Seq Scan")), context);
                assertTrue(nodes(plan).anyMatch(node -> "job_status_counts_pkey".equals(node.get("Index Name"))),
                        plan::toString);
                assertTrue(nodes(plan).anyMatch(node -> "line_errors_pkey".equals(node.get("Index Name"))
                        && String.valueOf(node.get("Index Cond")).contains("job_seq = jobs.seq")), plan::toString);
            }
        }
    }

    @Test
    void theDefaultOrderFilteredByOneStatusWalksTheStatusIndex() throws Exception {
        JobListing listing = new JobListing(ORG, new JobFilter(Set.of(JobStatus.FAILED), null, null), Sort.DEFAULT,
                0, null, 51, 10);

        for (Map<String, Object> plan : plans(Listings.keyedQuery(listing, null, 51, 0))) {
            assertTrue(nodes(plan).anyMatch(node -> "jobs_by_status_created_at".equals(node.get("Index Name"))),
                    plan::toString);
        }
        assertIndexWalk(Listings.keyedQuery(listing, null, 51, 0));
    }

    /** Without an action or creator the total reads the per-status counts; with one, the finer counts. */
    @Test
    void totalDocsReadsTheCountsTableByItsKeyNotTheJobs() throws Exception {
        Map<JobFilter, String> counts = Map.of(JobFilter.ALL, "job_status_counts_pkey",
                new JobFilter(Set.of(JobStatus.PENDING, JobStatus.FAILED), null, null), "job_status_counts_pkey",
                new JobFilter(Set.of(JobStatus.PENDING, JobStatus.FAILED), "import-users", "user_1"), "job_counts_pkey");
        for (Map.Entry<JobFilter, String> filter : counts.entrySet()) {
            for (Map<String, Object> plan : plans(Listings.totalQuery(ORG, filter.getKey()))) {
                assertTrue(nodes(plan).noneMatch(node -> "jobs".equals(node.get("Relation Name"))), plan::toString);
                assertTrue(nodes(plan).anyMatch(node -> filter.getValue().equals(node.get("Index Name"))
                        && String.valueOf(node.get("Index Cond")).contains("organization_id")), plan::toString);
                assertTrue(nodes(plan).noneMatch(isA("Seq Scan")), plan::toString);
            }
        }
    }

    @Test
    void lineErrorPreviewsOfAPageReadAtMostTheLimitPerJobByTheKey() throws Exception {
        List<Long> seqs = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT seq FROM jobs WHERE organization_id = '" + ORG
                        + "' AND line_error_count > 0 ORDER BY seq LIMIT 50")) {
            while (rs.next()) {
                seqs.add(rs.getLong(1));
            }
        }
        assertEquals(50, seqs.size());
        String array = seqs.toString().replace('[', '{').replace(']', '}');

        for (Map<String, Object> plan : plans(new Listings.Query(PostgresDialect.LINE_ERROR_PREVIEWS, List.of(array, 10L)))) {
            assertTrue(nodes(plan).anyMatch(node -> "line_errors_pkey".equals(node.get("Index Name"))
                    && String.valueOf(node.get("Index Cond")).contains("job_seq = j.seq")), plan::toString);
            assertTrue(nodes(plan).anyMatch(isA("Limit")), plan::toString);
            assertTrue(nodes(plan).noneMatch(isA("Seq Scan")), plan::toString);
        }
    }

    /**
     * A feed read is one range of the position index, in its order, like a keyset page (storage.md). The
     * deletions are read by their key too; the planner may sort what it found there, at most the 1,000
     * deletions an organization keeps, never a scan of the table.
     */
    @Test
    void theChangeFeedReadsARangeOfItsIndexesInPositionOrder() throws Exception {
        List<Object> range = List.of("org_1", 40_000L, 60_000L, 101L);
        assertIndexWalk(new Listings.Query(ChangeFeedRows.CHANGED_JOBS, range));
        for (Map<String, Object> plan : plans(new Listings.Query(ChangeFeedRows.DELETED_JOBS,
                List.of("org_1", 1_000_000L, 1_002_000L, 101L)))) {
            assertTrue(nodes(plan).anyMatch(node -> "job_deletions_pkey".equals(node.get("Index Name"))), plan::toString);
            assertFalse(nodes(plan).anyMatch(isA("Seq Scan")), plan::toString);
        }
    }

    /**
     * Stalled jobs (docs/storage.md#stalled-jobs-and-retention) are one range of
     * {@code jobs_by_status_updated_at} in every order and at any depth, and so are their totals: the
     * organization's stalled jobs are read, never a walk over all its jobs.
     */
    @ParameterizedTest
    @MethodSource("everySortBothWays")
    void stalledPagesAndTotalsReadTheStalledRange(Sort sort) throws Exception {
        JobListing first = stalled(true, sort, null);
        KeysetPosition middle = middleOfKeyed(sort);
        JobListing after = stalled(true, sort, middle);
        List<Listings.Query> queries = new ArrayList<>(List.of(Listings.keyedQuery(first, null, 51, 0),
                Listings.keyedQuery(after, middle, 51, 0), Listings.stalledCountQuery(first)));
        if (sort.field().isNullable()) {
            queries.add(Listings.nullsQuery(first, null, 51, 0));
            queries.add(Listings.nullsQuery(after, middleOfNulls(sort), 51, 0));
        }
        for (Listings.Query query : queries) {
            for (Map<String, Object> plan : plans(query)) {
                String context = query.sql() + "\n" + plan;
                assertTrue(nodes(plan).anyMatch(node -> "jobs_by_status_updated_at".equals(node.get("Index Name"))
                        && String.valueOf(node.get("Index Cond")).contains("updated_at <")), context);
                assertFalse(nodes(plan).anyMatch(node -> node.containsKey("Index Name")
                        && !"jobs_by_status_updated_at".equals(node.get("Index Name"))), context);
                assertFalse(nodes(plan).anyMatch(isA("Seq Scan")), context);
            }
        }
    }

    /** The other jobs: the order's own index in order, as without the filter. */
    @ParameterizedTest
    @MethodSource("everySortBothWays")
    void pagesWithoutTheStalledJobsWalkTheOrdersIndex(Sort sort) throws Exception {
        JobListing first = stalled(false, sort, null);
        assertIndexWalk(Listings.keyedQuery(first, null, 51, 0));
        if (sort.field().isNullable()) {
            assertIndexWalk(Listings.nullsQuery(first, null, 51, 0));
        }
    }

    @Test
    void retentionFindsItsBatchAsARangeOfItsIndex() throws Exception {
        Listings.Query query = JdbcJobStore.expiredQuery(Instant.ofEpochMilli(1_700_000_530_000L), 100);
        for (Map<String, Object> plan : plans(query)) {
            assertTrue(nodes(plan).anyMatch(node -> "jobs_for_retention".equals(node.get("Index Name"))
                    && String.valueOf(node.get("Index Cond")).contains("completed_at <")), plan::toString);
            assertTrue(nodes(plan).noneMatch(isA("Seq Scan")), plan::toString);
        }
    }

    private static JobListing stalled(boolean stalled, Sort sort, KeysetPosition after) {
        return new JobListing(ORG, new JobFilter(Set.of(), null, null, stalled), sort, 0, after, 51, 10,
                Instant.ofEpochMilli(1_700_001_050_000L));
    }

    private static void assertIndexWalk(Listings.Query query) throws Exception {
        for (Map<String, Object> plan : plans(query)) {
            String context = query.sql() + "\n" + plan;
            assertTrue(nodes(plan).anyMatch(node -> (isA("Index Scan").test(node) || isA("Index Only Scan").test(node))
                    && "jobs".equals(node.get("Relation Name"))
                    && String.valueOf(node.get("Index Cond")).contains("organization_id = ")), context);
            assertFalse(nodes(plan).anyMatch(isA("Sort").or(isA("Incremental Sort"))), context);
            assertFalse(nodes(plan).anyMatch(isA("Seq Scan").or(isA("Bitmap Heap Scan"))), context);
        }
    }

    /** The custom plan for the query's values, and the generic plan of the same statement prepared. */
    private static List<Map<String, Object>> plans(Listings.Query query) throws SQLException, IOException {
        List<Map<String, Object>> plans = new ArrayList<>();
        try (PreparedStatement explain = Listings.prepare(connection, "EXPLAIN (FORMAT JSON) " + query.sql(), query.args());
                ResultSet rs = explain.executeQuery()) {
            rs.next();
            plans.add(plan(rs.getString(1)));
        }
        StringBuilder numbered = new StringBuilder();
        int parameter = 0;
        for (char c : query.sql().toCharArray()) {
            numbered.append(c == '?' ? "$" + ++parameter : String.valueOf(c));
        }
        List<String> literals = new ArrayList<>();
        for (Object arg : query.args()) {
            literals.add(arg instanceof Long ? arg.toString() : "'" + arg.toString().replace("'", "''") + "'");
        }
        try (Statement s = connection.createStatement()) {
            s.execute("SET plan_cache_mode = force_generic_plan");
            s.execute("PREPARE planned AS " + numbered);
            try (ResultSet rs = s.executeQuery("EXPLAIN (FORMAT JSON) EXECUTE planned(" + String.join(", ", literals) + ")")) {
                rs.next();
                plans.add(plan(rs.getString(1)));
            } finally {
                s.execute("DEALLOCATE planned");
                s.execute("RESET plan_cache_mode");
            }
        }
        return plans;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plan(String json) throws IOException {
        List<Object> explained = JSON.std.listFrom(json);
        return (Map<String, Object>) ((Map<String, Object>) explained.get(0)).get("Plan");
    }

    /** The node and every node below it but those of its subqueries (its init plans and subplans). */
    @SuppressWarnings("unchecked")
    private static Stream<Map<String, Object>> pageNodes(Map<String, Object> node) {
        List<Map<String, Object>> children = (List<Map<String, Object>>) node.getOrDefault("Plans", List.of());
        return Stream.concat(Stream.of(node), children.stream()
                .filter(child -> !String.valueOf(child.get("Parent Relationship")).matches("InitPlan|SubPlan"))
                .flatMap(QueryPlanTest::pageNodes));
    }

    /** The node and every node below it. */
    @SuppressWarnings("unchecked")
    private static Stream<Map<String, Object>> nodes(Map<String, Object> node) {
        List<Map<String, Object>> children = (List<Map<String, Object>>) node.getOrDefault("Plans", List.of());
        return Stream.concat(Stream.of(node), children.stream().flatMap(QueryPlanTest::nodes));
    }

    private static Predicate<Map<String, Object>> isA(String nodeType) {
        return node -> nodeType.equals(node.get("Node Type"));
    }

    /** The position halfway through the organization's non-null keys in this order: a deep keyset page. */
    private static KeysetPosition middleOfKeyed(Sort sort) throws SQLException {
        String column = COLUMNS.get(sort.field());
        String direction = sort.descending() ? " DESC" : "";
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT " + column + ", id FROM jobs "
                + "WHERE organization_id = '" + ORG + "' AND " + column + " IS NOT NULL ORDER BY " + column + direction
                + ", id" + direction + " OFFSET " + JOBS_PER_ORGANIZATION / 3 + " LIMIT 1")) {
            assertTrue(rs.next());
            Object key = sort.field().isText() ? rs.getString(1) : (Object) rs.getLong(1);
            return new KeysetPosition(key, rs.getString(2));
        }
    }

    /** The id halfway through the organization's jobs whose key is null, in this order. */
    private static String middleOfNulls(Sort sort) throws SQLException {
        String column = COLUMNS.get(sort.field());
        String direction = sort.descending() ? " DESC" : "";
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM jobs "
                + "WHERE organization_id = '" + ORG + "' AND " + column + " IS NULL ORDER BY id" + direction
                + " OFFSET " + JOBS_PER_ORGANIZATION / 10 + " LIMIT 1")) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }
}
