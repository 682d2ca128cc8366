package dev.importjobs.storage.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.importjobs.core.model.JobStatus;
import dev.importjobs.core.spi.JobListing;
import dev.importjobs.core.query.JobFilter;
import dev.importjobs.core.spi.KeysetPosition;
import dev.importjobs.core.query.Sort;
import dev.importjobs.core.query.SortField;
import dev.importjobs.storage.jdbc.ChangeFeedRows;
import dev.importjobs.storage.jdbc.JdbcJobStore;
import dev.importjobs.storage.jdbc.Listings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Listing cost must not grow with an organization's size: every first page and keyset page is an index
 * range read in order (no temporary sort of the organization's rows), and totalDocs reads the counts
 * table, never the jobs; stalled jobs and retention's candidates are index ranges too. Checked on SQLite's
 * own plans, not on timings.
 */
class QueryPlanTest {
    @TempDir
    static Path dir;
    private static Path db;

    @BeforeAll
    static void createSchema() {
        db = dir.resolve("plans.db");
        SqliteJobStore.open(db).close();
    }

    static Stream<Arguments> everySortBothWays() {
        return Stream.of(SortField.values()).flatMap(field -> Stream.of(
                Arguments.of(new Sort(field, false)), Arguments.of(new Sort(field, true))));
    }

    @ParameterizedTest
    @MethodSource("everySortBothWays")
    void firstPagesAndKeysetPagesWalkAnIndexInOrder(Sort sort) throws SQLException {
        JobListing first = new JobListing("org_1", JobFilter.ALL, sort, 0, null, 51, 10);
        Object key = sort.field().isText() ? (Object) "m" : (Object) 5L;
        JobListing after = new JobListing("org_1", JobFilter.ALL, sort, 0,
                new KeysetPosition(key, "0123456789abcdef01234567"), 51, 10);
        assertIndexWalk(Listings.keyedQuery(first, null, 51, 0));
        assertIndexWalk(Listings.keyedQuery(after, after.after(), 51, 0));
        if (sort.field().isNullable()) {
            assertIndexWalk(Listings.nullsQuery(first, null, 51, 0));
            assertIndexWalk(Listings.nullsQuery(after, "0123456789abcdef01234567", 51, 0));
        }
    }

    /**
     * A listing answered in one statement: the page is the same walk, and what it adds are key ranges, the
     * counts' and each previewed job's line errors (at most the limit), never a scan. Its one sort is of a
     * job's previewed lines (at most the limit, already in order), which the aggregate's {@code ORDER BY}
     * keeps in order where SQLite promises no order without it.
     */
    @ParameterizedTest
    @MethodSource("everySortBothWays")
    void aPageWithItsTotalAndPreviewsInOneStatementAddsOnlyKeyRanges(Sort sort) throws SQLException {
        Object key = sort.field().isText() ? (Object) "m" : (Object) 5L;
        for (JobListing listing : List.of(new JobListing("org_1", JobFilter.ALL, sort, 0, null, 51, 10),
                new JobListing("org_1", JobFilter.ALL, sort, 0,
                        new KeysetPosition(key, "0123456789abcdef01234567"), 51, 10))) {
            Listings.Query query = Listings.onePageQuery(listing, SqliteDialect.LINE_ERROR_PREVIEW_JSON);
            List<String> plan = plan(query);
            assertTrue(plan.stream().anyMatch(line -> line.startsWith("SEARCH jobs USING INDEX")), plan.toString());
            assertTrue(plan.stream().filter(line -> line.contains("TEMP B-TREE"))
                    .allMatch(line -> line.equals("USE TEMP B-TREE FOR json_group_array(ORDER BY)")), plan.toString());
            assertTrue(plan.stream().anyMatch(line -> line.startsWith("SEARCH job_status_counts USING PRIMARY KEY")),
                    plan.toString());
            assertTrue(plan.stream().anyMatch(line -> line.startsWith("SEARCH line_errors USING PRIMARY KEY (job_seq=?)")),
                    plan.toString());
            assertFalse(plan.stream().anyMatch(line -> line.startsWith("SCAN jobs") || line.startsWith("SCAN line_errors")
                    || line.startsWith("SCAN job_status_counts")), plan.toString());
        }
    }

    @Test
    void theDefaultOrderFilteredByOneStatusWalksTheStatusIndex() throws SQLException {
        JobListing listing = new JobListing("org_1", new JobFilter(Set.of(JobStatus.FAILED), null, null),
                Sort.DEFAULT, 0, null, 51, 10);
        List<String> plan = plan(Listings.keyedQuery(listing, null, 51, 0));
        assertIndexWalk(Listings.keyedQuery(listing, null, 51, 0));
        assertTrue(plan.stream().anyMatch(line -> line.contains("jobs_by_status_created_at")), plan.toString());
    }

    /** Without an action or creator the total reads the per-status counts; with one, the finer counts. */
    @Test
    void totalDocsReadsTheCountsTableNotTheJobs() throws SQLException {
        Map<JobFilter, String> counts = Map.of(JobFilter.ALL, "job_status_counts",
                new JobFilter(Set.of(JobStatus.PENDING, JobStatus.FAILED), null, null), "job_status_counts",
                new JobFilter(Set.of(JobStatus.PENDING, JobStatus.FAILED), "import-users", "user_1"), "job_counts");
        for (Map.Entry<JobFilter, String> filter : counts.entrySet()) {
            List<String> plan = plan(Listings.totalQuery("org_1", filter.getKey()));
            assertTrue(plan.stream().allMatch(line -> line.startsWith("SEARCH " + filter.getValue() + " USING PRIMARY KEY")),
                    plan.toString());
        }
    }

    @Test
    void lineErrorPreviewsOfAPageReadAtMostTheLimitPerJob() throws SQLException {
        List<String> plan = plan(new Listings.Query(SqliteDialect.LINE_ERROR_PREVIEWS, List.of("[1, 2, 3]", 10L)));
        assertTrue(plan.stream().filter(line -> line.contains("line_errors")).allMatch(
                line -> line.startsWith("SEARCH") && line.contains("PRIMARY KEY")), plan.toString());
        assertTrue(plan.stream().anyMatch(line -> line.contains("(job_seq=? AND seq=?)")), plan.toString());
        assertFalse(plan.stream().anyMatch(line -> line.startsWith("SCAN l") || line.startsWith("SCAN line_errors")),
                plan.toString());
    }

    /**
     * Stalled jobs (status inProgress, updated before the cutoff) are one range of
     * {@code jobs_by_status_updated_at} in every order and at any depth, then sorted: the organization's
     * stalled jobs, never a walk over all its jobs.
     */
    @ParameterizedTest
    @MethodSource("everySortBothWays")
    void stalledPagesReadTheStalledRangeInEveryOrder(Sort sort) throws SQLException {
        JobListing first = stalledListing(true, sort, null);
        Object key = sort.field().isText() ? (Object) "m" : (Object) 5L;
        JobListing after = stalledListing(true, sort, new KeysetPosition(key, "0123456789abcdef01234567"));
        List<Listings.Query> queries = new ArrayList<>(List.of(Listings.keyedQuery(first, null, 51, 0),
                Listings.keyedQuery(after, after.after(), 51, 0)));
        if (sort.field().isNullable()) {
            queries.add(Listings.nullsQuery(first, null, 51, 0));
            queries.add(Listings.nullsQuery(after, "0123456789abcdef01234567", 51, 0));
        }
        for (Listings.Query query : queries) {
            assertStalledRange(query);
        }
    }

    /** The other jobs: the order's own index walked in order, the stalled ones skipped on the way. */
    @ParameterizedTest
    @MethodSource("everySortBothWays")
    void pagesWithoutTheStalledJobsWalkTheOrdersIndex(Sort sort) throws SQLException {
        JobListing first = stalledListing(false, sort, null);
        assertIndexWalk(Listings.keyedQuery(first, null, 51, 0));
        if (sort.field().isNullable()) {
            assertIndexWalk(Listings.nullsQuery(first, null, 51, 0));
        }
    }

    @Test
    void theTotalOfStalledJobsCountsTheStalledRangeNotTheJobs() throws SQLException {
        for (JobFilter filter : List.of(new JobFilter(Set.of(), null, null, true),
                new JobFilter(Set.of(JobStatus.PENDING, JobStatus.IN_PROGRESS), "import-users", "user_1", false))) {
            assertStalledRange(Listings.stalledCountQuery(new JobListing("org_1", filter, Sort.DEFAULT, 0, null, 51, 10,
                    Instant.parse("2024-01-01T00:00:00Z"))));
        }
    }

    /** Retention finds its batch as a range of jobs_for_retention on any number of jobs, not by reading them all. */
    @Test
    void retentionFindsItsBatchAsARangeOfItsIndex() throws SQLException {
        List<String> plan = plan(JdbcJobStore.expiredQuery(Instant.parse("2024-01-01T00:00:00Z"), 100));
        assertEquals(List.of("SEARCH jobs USING INDEX jobs_for_retention (completed_at<?)"), plan,
                "one range, read in order: no scan, no temporary sort");
    }

    private static JobListing stalledListing(boolean stalled, Sort sort, KeysetPosition after) {
        return new JobListing("org_1", new JobFilter(Set.of(), null, null, stalled), sort, 0, after, 51, 10,
                Instant.parse("2024-01-01T00:00:00Z"));
    }

    private static void assertStalledRange(Listings.Query query) throws SQLException {
        List<String> plan = plan(query);
        assertTrue(plan.stream().anyMatch(line -> line.startsWith("SEARCH jobs USING")
                && line.contains("INDEX jobs_by_status_updated_at (organization_id=? AND status=? AND updated_at<?)")),
                query.sql() + "\n" + plan);
        assertFalse(plan.stream().anyMatch(line -> line.startsWith("SCAN jobs")
                || line.startsWith("SEARCH jobs") && !line.contains("jobs_by_status_updated_at")),
                query.sql() + "\n" + plan);
    }

    @Test
    void theChangeFeedReadsRangesOfItsIndexesInPositionOrder() throws SQLException {
        List<Object> range = List.of("org_1", 5L, 9L, 51L);
        assertOnlySearches(new Listings.Query(ChangeFeedRows.CHANGED_JOBS, range), "jobs_by_feed_position");
        assertOnlySearches(new Listings.Query(ChangeFeedRows.DELETED_JOBS, range), "PRIMARY KEY");
        assertOnlySearches(new Listings.Query(ChangeFeedRows.NEWEST_NOT_KEPT, List.of("org_1", 1000L)), "PRIMARY KEY");
    }

    /** Each write reads its position: three index seeks, each taking the last entry of a range (a MAX). */
    @Test
    void theFeedsHeadIsReadOffThreeIndexes() throws SQLException {
        List<String> plan = plan(new Listings.Query(SqliteDialect.FEED_HEAD, List.of("org_1")));
        for (String table : List.of("jobs USING COVERING INDEX jobs_by_feed_position", "job_deletions USING PRIMARY KEY",
                "forgotten_deletions USING PRIMARY KEY")) {
            assertTrue(plan.contains("SEARCH " + table + " (organization_id=?)"), table + "\n" + plan);
        }
        assertFalse(plan.stream().anyMatch(line -> line.startsWith("SCAN ") && !line.contains("subquery")), plan.toString());
    }

    private static void assertOnlySearches(Listings.Query query, String index) throws SQLException {
        List<String> plan = plan(query);
        assertTrue(plan.stream().allMatch(line -> line.startsWith("SEARCH") && line.contains(index)),
                query.sql() + "\n" + plan);
    }

    private static void assertIndexWalk(Listings.Query query) throws SQLException {
        List<String> plan = plan(query);
        assertTrue(plan.stream().anyMatch(line -> line.startsWith("SEARCH jobs USING INDEX")
                || line.startsWith("SEARCH jobs USING COVERING INDEX")), query.sql() + "\n" + plan);
        assertFalse(plan.stream().anyMatch(line -> line.contains("TEMP B-TREE")), query.sql() + "\n" + plan);
        assertFalse(plan.stream().anyMatch(line -> line.startsWith("SCAN jobs")), query.sql() + "\n" + plan);
    }

    private static List<String> plan(Listings.Query query) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                PreparedStatement statement = Listings.prepare(c, "EXPLAIN QUERY PLAN " + query.sql(), query.args());
                ResultSet rs = statement.executeQuery()) {
            List<String> lines = new ArrayList<>();
            while (rs.next()) {
                lines.add(rs.getString("detail"));
            }
            return lines;
        }
    }
}
