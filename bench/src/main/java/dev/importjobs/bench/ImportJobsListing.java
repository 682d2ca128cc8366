package dev.importjobs.bench;

import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.ListJobsQuery;
import dev.importjobs.core.spi.JobStore;

/** Our store through the core use case, as an adapter calls it: {@code ImportJobs.list}. Closes the store. */
final class ImportJobsListing implements Listing {
    private final JobStore store;
    private final ImportJobs jobs;
    private final ListJobsQuery first;
    private final ListJobsQuery deep;
    private final ListJobsQuery cursor;
    private final ListJobsQuery status;
    private final ListJobsQuery sorted;

    ImportJobsListing(JobStore store, String organization, int depth) {
        this.store = store;
        this.jobs = ImportJobs.builder(store).build();
        String limit = String.valueOf(PAGE_SIZE);
        this.first = query(organization, "1", null, null, null);
        long deepPage = depth / PAGE_SIZE + 1;
        this.deep = query(organization, String.valueOf(deepPage), null, null, null);
        // The page before the deep one hands out the cursor to it.
        String next = jobs.list(query(organization, String.valueOf(deepPage - 1), null, null, null)).nextCursor();
        this.cursor = ListJobsQuery.parse(organization, null, limit, null, null, null, null, next);
        this.status = query(organization, "1", null, FILTER_STATUS, null);
        this.sorted = query(organization, "1", "updatedAt:desc", null, null);
    }

    private static ListJobsQuery query(String organization, String page, String sort, String status, String cursor) {
        return ListJobsQuery.parse(organization, page, String.valueOf(PAGE_SIZE), sort, status, null, null, cursor);
    }

    @Override
    public Object firstPage() {
        return jobs.list(first);
    }

    @Override
    public Object deepOffsetPage() {
        return jobs.list(deep);
    }

    @Override
    public Object cursorPage() {
        return jobs.list(cursor);
    }

    @Override
    public Object statusPage() {
        return jobs.list(status);
    }

    @Override
    public Object sortedPage() {
        return jobs.list(sorted);
    }

    @Override
    public void close() {
        store.close();
    }
}
