package dev.importjobs.bench;

import java.sql.SQLException;

/**
 * One competitor's way to fetch the listing variants of {@link ListJobsBenchmark}: a page of 50 with its
 * total count. Each method returns what it read, for JMH to consume.
 */
interface Listing extends AutoCloseable {
    int PAGE_SIZE = 50;
    /** The status of the filtered variant: failed jobs, 10% of each organization. */
    String FILTER_STATUS = "failed";

    /** The first page, newest first. */
    Object firstPage() throws Exception;

    /** The page at {@code depth} rows, newest first, by offset. */
    Object deepOffsetPage() throws Exception;

    /** The same page as {@link #deepOffsetPage}, reached by a cursor taken from the page before it. */
    Object cursorPage() throws Exception;

    /** The first page of the organization's {@value #FILTER_STATUS} jobs, newest first. */
    Object statusPage() throws Exception;

    /** The first page in a non-default order: most recently updated first. */
    Object sortedPage() throws Exception;

    @Override
    void close() throws SQLException;

    /** A depth in whole pages, 90% into the organization: deep, yet inside it. */
    static int depth(int organizationJobs) {
        return organizationJobs * 9 / 10 / PAGE_SIZE * PAGE_SIZE;
    }
}
